using Microsoft.Extensions.Configuration;

namespace Shop.Persistence.Tests;

/// <summary>What a host says at startup about a PostgreSQL connection string it cannot use.</summary>
public sealed class PostgresConnectionStringTests
{
    [Fact]
    public void Require_Missing_NamesTheKeyTheVariableAndAnExample()
    {
        var failure = Assert.Throws<InvalidOperationException>(() =>
            PostgresConnectionString.Require(Configuration(), "Catalog", "shop_catalog"));

        Assert.Equal(
            "ConnectionStrings:Catalog is not configured. Set it (for example with the environment variable ConnectionStrings__Catalog) " +
            "to a PostgreSQL connection string such as Host=127.0.0.1;Port=15432;Database=shop_catalog;Username=shop;Password=...",
            failure.Message);
    }

    [Fact]
    public void Require_MissingReadOnlySettingWithPurpose_SaysWhatReadsItAndAsksForAReadOnlyRole()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => PostgresConnectionString.Require(
            Configuration(("OrderSource", "  ")), "OrderSource", "shop_order", readOnlyRole: "reporting_reader",
            purpose: "The rebuild reads the order database."));

        Assert.Equal(
            "ConnectionStrings:OrderSource is not configured. The rebuild reads the order database. Set it (for example with the " +
            "environment variable ConnectionStrings__OrderSource) to a read-only PostgreSQL connection string such as " +
            "Host=127.0.0.1;Port=15432;Database=shop_order;Username=reporting_reader;Password=...",
            failure.Message);
    }

    [Fact]
    public void Require_Malformed_NamesTheKeyAndWhatIsWrong()
    {
        var failure = Assert.Throws<InvalidOperationException>(() =>
            PostgresConnectionString.Require(Configuration(("Order", "Host=db;Colour=blue")), "Order", "shop_order"));

        Assert.StartsWith("ConnectionStrings:Order is not a valid PostgreSQL connection string: ", failure.Message, StringComparison.Ordinal);
        Assert.Contains("colour", failure.Message, StringComparison.OrdinalIgnoreCase);
        Assert.IsType<ArgumentException>(failure.InnerException, exactMatch: false);
    }

    [Fact]
    public void Require_Valid_ReturnsItUnchanged()
    {
        const string Value = "Host=db;Database=shop_order;Username=shop";

        Assert.Equal(Value, PostgresConnectionString.Require(Configuration(("Order", Value)), "Order", "shop_order"));
    }

    private static IConfiguration Configuration(params (string Name, string Value)[] connectionStrings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(connectionStrings.Select(c => KeyValuePair.Create("ConnectionStrings:" + c.Name, (string?)c.Value)))
            .Build();
}

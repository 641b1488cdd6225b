using Shop.Catalog;
using Shop.Order;
using Shop.Reporting;

namespace Shop.Monolith.Host;

/// <summary>
/// The monolith's one PostgreSQL database. Each module still reads its own connection string and keeps its own schema,
/// DbContext and migrations; this only fills those strings from <c>ConnectionStrings:Shop</c>, so the modules cannot
/// tell they share a database and a module could move back to its own service with one configuration change.
/// </summary>
public static class SharedDatabase
{
    /// <summary>Name of the one connection string the monolith needs (<c>ConnectionStrings:Shop</c>).</summary>
    public const string ConnectionName = "Shop";

    /// <summary>Connection string names of the modules' databases; Reporting's <c>rebuild</c> reads the orders through the last one.</summary>
    public static IReadOnlyList<string> ModuleConnectionNames { get; } =
    [
        CatalogModule.DatabaseConnectionName,
        OrderModule.DatabaseConnectionName,
        ReportingModule.DatabaseConnectionName,
        ReportingModule.OrderSourceConnectionName,
    ];

    /// <summary>
    /// Points every module connection string that is not set explicitly at <c>ConnectionStrings:Shop</c>. Explicit ones
    /// win, so a module can still be given a database of its own.
    /// </summary>
    public static WebApplicationBuilder UseOneDatabaseForAllModules(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var shared = builder.Configuration.GetConnectionString(ConnectionName);
        var unset = ModuleConnectionNames.Where(name => string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(name))).ToList();
        if (string.IsNullOrWhiteSpace(shared))
        {
            // Without it a module would name its own connection string, which a monolith's operator never set. Only
            // serving needs them; rebuild's OrderSource is checked when rebuild runs.
            return unset.All(name => name == ReportingModule.OrderSourceConnectionName)
                ? builder
                : throw new InvalidOperationException(
                    $"ConnectionStrings:{ConnectionName} is not configured. Set it (for example with the environment variable " +
                    $"ConnectionStrings__{ConnectionName}) to the monolith's PostgreSQL database, such as " +
                    "Host=127.0.0.1;Port=15432;Database=shop;Username=shop;Password=..., or give every module its own " +
                    $"({string.Join(", ", unset.Select(name => "ConnectionStrings:" + name))}).");
        }
        var defaults = unset.ToDictionary(name => $"ConnectionStrings:{name}", _ => (string?)shared);
        builder.Configuration.AddInMemoryCollection(defaults);
        return builder;
    }
}

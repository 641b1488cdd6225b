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
        if (string.IsNullOrWhiteSpace(shared))
        {
            return builder;
        }
        var defaults = ModuleConnectionNames
            .Where(name => string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(name)))
            .ToDictionary(name => $"ConnectionStrings:{name}", _ => (string?)shared);
        builder.Configuration.AddInMemoryCollection(defaults);
        return builder;
    }
}

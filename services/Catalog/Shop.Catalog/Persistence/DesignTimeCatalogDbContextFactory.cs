using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Shop.Catalog.Persistence;

/// <summary>
/// Lets <c>dotnet ef</c> build the context without starting a host. Adding a migration never connects; commands
/// that do (database update, script with idempotency checks) use <c>ConnectionStrings__Catalog</c> when set.
/// </summary>
internal sealed class DesignTimeCatalogDbContextFactory : IDesignTimeDbContextFactory<CatalogDbContext>
{
    private const string LocalDevelopmentDatabase = "Host=127.0.0.1;Port=15432;Database=shop_catalog;Username=shop;Password=shop";

    public CatalogDbContext CreateDbContext(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Catalog") ?? LocalDevelopmentDatabase;
        var options = new DbContextOptionsBuilder<CatalogDbContext>();
        CatalogDbContext.Configure(options, connectionString);
        return new CatalogDbContext(options.Options);
    }
}

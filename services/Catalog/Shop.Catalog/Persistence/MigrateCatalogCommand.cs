using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Shop.Catalog.Diagnostics;
using Shop.Catalog.Seeding;
using Shop.Persistence;
using Shop.ServiceDefaults.Commands;

namespace Shop.Catalog.Persistence;

/// <summary>
/// <c>migrate</c>: creates the database if it is missing, applies the catalog's migrations, then seeds an empty
/// catalog. Safe to run again and from several processes at once; it is how every deployment prepares the schema,
/// since hosts never migrate on startup.
/// </summary>
internal sealed class MigrateCatalogCommand(
    IServiceScopeFactory scopeFactory,
    TimeProvider time,
    ILogger<MigrateCatalogCommand> logger) : IHostCommand
{
    public const string CommandName = "migrate";

    public string Name => CommandName;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();

        var started = time.GetTimestamp();
        await PostgresMigrations.MigrateAsync(db, cancellationToken);
        logger.MigrationsApplied((long)time.GetElapsedTime(started).TotalMilliseconds);

        await scope.ServiceProvider.GetRequiredService<CatalogSeeder>().SeedIfEmptyAsync(cancellationToken);
    }
}

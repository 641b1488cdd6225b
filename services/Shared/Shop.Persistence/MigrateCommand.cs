using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Shop.ServiceDefaults.Commands;

namespace Shop.Persistence;

/// <summary>
/// <c>migrate</c> for one module: creates the database if it is missing, applies the module's migrations, then runs
/// the module's own step (<see cref="PostgresModuleDatabase{TDbContext}.AfterMigrating"/>), if any. Safe to run again
/// and from several processes at once; it is how every deployment prepares the schema, since hosts never migrate on
/// startup.
/// </summary>
internal sealed class MigrateCommand<TDbContext>(
    IServiceScopeFactory scopeFactory,
    PostgresModuleDatabase<TDbContext> database,
    TimeProvider time,
    ILogger<MigrateCommand<TDbContext>> logger) : IHostCommand
    where TDbContext : DbContext
{
    public const string CommandName = "migrate";

    public string Name => CommandName;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();

        var started = time.GetTimestamp();
        await PostgresMigrations.MigrateAsync(db, cancellationToken);
        PersistenceLog.MigrationsApplied(logger, database.ModuleName, (long)time.GetElapsedTime(started).TotalMilliseconds);

        if (database.AfterMigrating is { } afterMigrating)
        {
            await afterMigrating(scope.ServiceProvider, cancellationToken);
        }
    }
}

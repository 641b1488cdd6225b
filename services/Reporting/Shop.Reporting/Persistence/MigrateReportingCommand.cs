using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Shop.Reporting.Diagnostics;
using Shop.ServiceDefaults.Commands;

namespace Shop.Reporting.Persistence;

/// <summary>
/// <c>migrate</c>: creates the database if it is missing and applies the reporting migrations. There is nothing to
/// seed: the reports fill from events (or from <c>rebuild</c>). Safe to run again and from several processes at once;
/// hosts never migrate on startup.
/// </summary>
internal sealed class MigrateReportingCommand(
    IServiceScopeFactory scopeFactory,
    TimeProvider time,
    ILogger<MigrateReportingCommand> logger) : IHostCommand
{
    public const string CommandName = "migrate";

    public string Name => CommandName;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReportingDbContext>();

        var started = time.GetTimestamp();
        await PrepareDatabaseAsync(db, cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        logger.MigrationsApplied((long)time.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>
    /// MigrateAsync would create a missing database and history table too, but only after logging the failed
    /// connection and the failed history query as errors (dotnet/efcore#37328). Creating both first keeps a
    /// normal first run free of error lines, which alerts and people reading logs would otherwise trip over.
    /// </summary>
    private static async Task PrepareDatabaseAsync(ReportingDbContext db, CancellationToken cancellationToken)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(cancellationToken))
        {
            try
            {
                await creator.CreateAsync(cancellationToken);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DuplicateDatabase)
            {
                // Another process running migrate created it first; that is the outcome wanted.
            }
        }
        await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
    }
}

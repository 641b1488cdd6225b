using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Shop.Reporting.Diagnostics;
using Shop.Persistence;
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
        await PostgresMigrations.MigrateAsync(db, cancellationToken);
        logger.MigrationsApplied((long)time.GetElapsedTime(started).TotalMilliseconds);
    }
}

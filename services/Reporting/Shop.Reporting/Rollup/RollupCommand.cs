using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Reporting.Diagnostics;
using Shop.Reporting.Persistence;
using Shop.Reporting.Projections;
using Shop.ServiceDefaults.Commands;

namespace Shop.Reporting.Rollup;

/// <summary>
/// <c>rollup</c>: compacts minute buckets older than <see cref="RollupOptions.MinuteRetention"/> into hour buckets and
/// exits; meant to run every hour or so (a Kubernetes CronJob with the same image). Only whole hours are compacted, so
/// an hour never holds part of its minutes. Idempotent and transactional: running it twice, or two at once, gives the
/// same tables as running it once, and a failure leaves them as they were.
/// </summary>
internal sealed class RollupCommand(
    IServiceScopeFactory scopeFactory,
    IOptions<RollupOptions> options,
    TimeProvider time,
    ILogger<RollupCommand> logger) : IHostCommand
{
    public const string CommandName = "rollup";

    public string Name => CommandName;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var now = time.GetUtcNow();
        var cutoff = BucketTime.Floor(now - options.Value.MinuteRetention, TimeSpan.FromHours(1));

        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReportingDbContext>();
        var strategy = db.Database.CreateExecutionStrategy();
        var result = await strategy.ExecuteAsync(async token =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            var compacted = await SalesRollup.CompactAsync(db, cutoff, token);
            await SalesRollup.AdvanceHorizonAsync(db, cutoff, now, token);
            await transaction.CommitAsync(token);
            return compacted;
        }, cancellationToken);

        logger.RollupCompleted(result.MinuteBuckets, cutoff, result.HourBuckets, (long)time.GetElapsedTime(started).TotalMilliseconds);
    }
}

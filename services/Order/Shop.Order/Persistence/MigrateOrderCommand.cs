using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Shop.Order.Diagnostics;
using Shop.Persistence;
using Shop.ServiceDefaults.Commands;

namespace Shop.Order.Persistence;

/// <summary>
/// <c>migrate</c>: creates the database if it is missing and applies the order module's migrations (orders, outbox and
/// inbox). There is nothing to seed: orders come from checkouts. Safe to run again and from several processes at
/// once; hosts never migrate on startup.
/// </summary>
internal sealed class MigrateOrderCommand(
    IServiceScopeFactory scopeFactory,
    TimeProvider time,
    ILogger<MigrateOrderCommand> logger) : IHostCommand
{
    public const string CommandName = "migrate";

    public string Name => CommandName;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderDbContext>();

        var started = time.GetTimestamp();
        await PostgresMigrations.MigrateAsync(db, cancellationToken);
        logger.MigrationsApplied((long)time.GetElapsedTime(started).TotalMilliseconds);
    }
}

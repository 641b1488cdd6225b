using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Shop.Persistence;
using Shop.Reporting.Diagnostics;
using Shop.ServiceDefaults.Commands;

namespace Shop.Reporting.Rebuild;

/// <summary>
/// <c>rebuild</c>: recomputes every order-derived read model from the order database
/// (<c>ConnectionStrings:OrderSource</c>, read only) and exits. Safe while the service runs: consumers wait for it and
/// then carry on without counting anything twice (see <see cref="ReportRebuilder"/>); report queries keep answering with
/// the previous figures until it commits.
/// </summary>
internal sealed class RebuildCommand(
    IServiceScopeFactory scopeFactory,
    IConfiguration configuration,
    TimeProvider time,
    ILogger<RebuildCommand> logger) : IHostCommand
{
    public const string CommandName = "rebuild";

    public string Name => CommandName;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var source = new OrderDatabaseSource(RequireOrderSource());
        var started = time.GetTimestamp();
        logger.RebuildStarted();

        await using var scope = scopeFactory.CreateAsyncScope();
        var rebuilder = scope.ServiceProvider.GetRequiredService<ReportRebuilder>();
        var result = await rebuilder.RebuildAsync(source, cancellationToken);

        if (result.Conflicts > 0)
        {
            logger.RebuildConflicts(result.Conflicts);
        }
        logger.RebuildCompleted(result.Orders, result.Products, result.MinuteBuckets, (long)time.GetElapsedTime(started).TotalMilliseconds);
    }

    private string RequireOrderSource() =>
        PostgresConnectionString.Require(
            configuration, ReportingModule.OrderSourceConnectionName, "shop_order", readOnlyRole: "reporting_reader",
            purpose: "The rebuild reads the order database.");
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Shop.Order.Contracts;
using Shop.Reporting.Contracts;
using Shop.Reporting.Persistence;

namespace Shop.Reporting.Features.Summary;

/// <summary>
/// <c>GET /api/reports/summary</c>: orders by status and cancel reason, revenue and units sold, from the status
/// counters (a handful of rows, whatever the number of orders).
/// </summary>
internal static class GetSummaryEndpoint
{
    public static RouteHandlerBuilder MapGetSummary(this IEndpointRouteBuilder reports) =>
        reports.MapGet("/summary", HandleAsync)
            .WithName("Reporting.GetSummary")
            .WithSummary("Sales summary")
            .WithDescription("Orders confirmed, cancelled (by reason) and pending, revenue and units sold, over all time.")
            .Produces<SalesSummary>();

    internal static async Task<Ok<SalesSummary>> HandleAsync(ReportingDbContext db, CancellationToken cancellationToken)
    {
        var counters = await db.OrderStatusCounts.AsNoTracking().ToListAsync(cancellationToken);
        var confirmed = counters.Where(c => c.Status == OrderStatuses.Confirmed).ToList();
        var cancelled = counters.Where(c => c.Status == OrderStatuses.Cancelled && c.Orders != 0).ToList();
        return TypedResults.Ok(new SalesSummary(
            OrdersConfirmed: confirmed.Sum(c => c.Orders),
            OrdersCancelled: cancelled.Sum(c => c.Orders),
            Revenue: confirmed.Sum(c => c.Amount),
            ItemsSold: confirmed.Sum(c => c.Items),
            OrdersSubmitted: counters.Sum(c => c.Orders),
            OrdersPending: counters.Where(c => c.Status == OrderStatuses.Pending).Sum(c => c.Orders),
            CancelledByReason: cancelled
                .GroupBy(c => c.CancelReason, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Sum(c => c.Orders), StringComparer.Ordinal)));
    }
}

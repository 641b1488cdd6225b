using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Shop.Reporting.Contracts;
using Shop.Reporting.Persistence;

namespace Shop.Reporting.Features.Funnel;

/// <summary>
/// <c>GET /api/reports/funnel</c>: buyers with a cart with items, with a checkout, with a confirmed order, and the
/// conversion between the steps. Counted over <c>reporting.funnel_buyers</c> (one row per buyer) at query time, so the
/// consumers only ever set a buyer's first times and never contend for a shared counter row.
/// </summary>
internal static class GetFunnelEndpoint
{
    private const int RateDecimals = 4;

    public static RouteHandlerBuilder MapGetFunnel(this IEndpointRouteBuilder reports) =>
        reports.MapGet("/funnel", HandleAsync)
            .WithName("Reporting.GetFunnel")
            .WithSummary("Sales funnel")
            .WithDescription("Buyers who put items in a cart, checked out, and had an order confirmed, with the conversion rates between the steps.")
            .Produces<SalesFunnel>();

    internal static async Task<Ok<SalesFunnel>> HandleAsync(ReportingDbContext db, CancellationToken cancellationToken)
    {
        var counts = await db.FunnelBuyers.AsNoTracking()
            .GroupBy(_ => 1)
            .Select(buyers => new
            {
                // A checkout implies a cart with items, even when the best-effort cart event was lost.
                Carts = buyers.LongCount(b => b.FirstCartedAt != null || b.FirstCheckoutAt != null),
                Checkouts = buyers.LongCount(b => b.FirstCheckoutAt != null),
                Confirmed = buyers.LongCount(b => b.FirstConfirmedAt != null),
            })
            .SingleOrDefaultAsync(cancellationToken);
        var (carts, checkouts, confirmed) = counts is null ? (0L, 0L, 0L) : (counts.Carts, counts.Checkouts, counts.Confirmed);
        return TypedResults.Ok(new SalesFunnel(
            carts, checkouts, confirmed, Rate(checkouts, carts), Rate(confirmed, checkouts), Rate(confirmed, carts)));
    }

    private static double? Rate(long part, long whole) => whole == 0 ? null : Math.Round((double)part / whole, RateDecimals);
}

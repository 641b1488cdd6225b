using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Shop.Order.Contracts;
using Shop.Order.Features.Shared;
using Shop.Order.Persistence;
using Shop.ServiceDefaults.Auth;

namespace Shop.Order.Features.GetOrder;

/// <summary>
/// <c>GET /api/orders/{id}</c>: one of the signed-in buyer's orders, with its status. Buyers poll it after checkout until
/// the order is Confirmed or Cancelled. A malformed id is a 400; an unknown id, or another buyer's order, a 404.
/// </summary>
internal static class GetOrderEndpoint
{
    public static RouteHandlerBuilder MapGetOrder(this IEndpointRouteBuilder orders) =>
        orders.MapGet("/{id}", HandleAsync)
            .WithName("Order.GetOrder")
            .WithSummary("Get one of your orders")
            .WithDescription("The order with its lines, total and status (Pending, Confirmed or Cancelled with a reason).");

    internal static async Task<Results<Ok<OrderView>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        string id,
        ClaimsPrincipal user,
        OrderDbContext db,
        CancellationToken cancellationToken)
    {
        if (!OrderProblems.TryParseId(id, out var orderId))
        {
            return OrderProblems.InvalidId();
        }
        var buyerId = user.BuyerId();
        var order = await db.Orders
            .AsNoTracking()
            .FirstOrDefaultAsync(o => o.Id == orderId && o.BuyerId == buyerId, cancellationToken);
        return order is null ? OrderProblems.NotFound(orderId) : TypedResults.Ok(OrderRecords.View(order));
    }
}

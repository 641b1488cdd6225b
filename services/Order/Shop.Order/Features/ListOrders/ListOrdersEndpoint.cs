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

namespace Shop.Order.Features.ListOrders;

/// <summary>
/// <c>GET /api/orders?page=&amp;pageSize=</c>: the signed-in buyer's orders, newest first (ties broken by id, so pages
/// never overlap while no order is added).
/// <list type="bullet">
/// <item><c>page</c>: 1-based, default 1, at most <see cref="MaxPage"/>.</item>
/// <item><c>pageSize</c>: 1 to <see cref="MaxPageSize"/>, default <see cref="DefaultPageSize"/>.</item>
/// </list>
/// </summary>
internal static class ListOrdersEndpoint
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    /// <summary>Keeps the row offset within an int; nobody pages this far by hand.</summary>
    public const int MaxPage = 1_000_000;

    public static RouteHandlerBuilder MapListOrders(this IEndpointRouteBuilder orders) =>
        orders.MapGet("", HandleAsync)
            .WithName("Order.ListOrders")
            .WithSummary("List your orders")
            .WithDescription("One page of your orders, newest first.");

    internal static async Task<Results<Ok<OrderPage>, ValidationProblem>> HandleAsync(
        int? page,
        int? pageSize,
        ClaimsPrincipal user,
        OrderDbContext db,
        CancellationToken cancellationToken)
    {
        var pageNumber = page ?? 1;
        var size = pageSize ?? DefaultPageSize;
        var errors = new Dictionary<string, string[]>();
        if (pageNumber is < 1 or > MaxPage)
        {
            errors["page"] = [$"page must be between 1 and {MaxPage}."];
        }
        if (size is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"pageSize must be between 1 and {MaxPageSize}."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var buyerId = user.BuyerId();
        var orders = db.Orders.AsNoTracking().Where(o => o.BuyerId == buyerId);
        var total = await orders.CountAsync(cancellationToken);
        var offset = (pageNumber - 1) * size;
        List<Domain.Order> rows = offset >= total
            ? []
            : await orders
                .OrderByDescending(o => o.CreatedAt)
                .ThenByDescending(o => o.Id)
                .Skip(offset)
                .Take(size)
                .ToListAsync(cancellationToken);

        return TypedResults.Ok(new OrderPage([.. rows.Select(OrderRecords.View)], pageNumber, size, total));
    }
}

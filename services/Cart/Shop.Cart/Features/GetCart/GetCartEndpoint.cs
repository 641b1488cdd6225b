using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Shop.Cart.Contracts;
using Shop.Cart.Features.Shared;

namespace Shop.Cart.Features.GetCart;

/// <summary>
/// <c>GET /api/cart</c>: the buyer's cart with the catalog's current names and prices, so a price change shows at
/// once. Reading restarts the cart's idle expiry. Products that left the catalog are dropped (see
/// <see cref="PricedCartReader"/>).
/// </summary>
internal static class GetCartEndpoint
{
    public static RouteHandlerBuilder MapGetCart(this IEndpointRouteBuilder cart) =>
        cart.MapGet("", HandleAsync)
            .WithName("Cart.Get")
            .WithSummary("Get the cart")
            .WithDescription("The buyer's cart priced with the catalog's current names and prices; an empty cart when there is none.");

    internal static async Task<Ok<CartView>> HandleAsync(
        ClaimsPrincipal user,
        PricedCartReader reader,
        CancellationToken cancellationToken)
    {
        var cart = await reader.ReadAsync(user.RequireBuyerId(), cancellationToken);
        return TypedResults.Ok(cart.ToView());
    }
}

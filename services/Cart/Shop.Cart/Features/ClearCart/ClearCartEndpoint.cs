using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Shop.Cart.Diagnostics;
using Shop.Cart.Features.Shared;
using Shop.Cart.Storage;

namespace Shop.Cart.Features.ClearCart;

/// <summary><c>DELETE /api/cart</c>: empties the cart. Idempotent: 204 whether or not there was one.</summary>
internal static class ClearCartEndpoint
{
    public static RouteHandlerBuilder MapClearCart(this IEndpointRouteBuilder cart) =>
        cart.MapDelete("", HandleAsync)
            .WithName("Cart.Clear")
            .WithSummary("Empty the cart")
            .WithDescription("Removes every line; 204 whether or not the cart held anything.");

    internal static async Task<NoContent> HandleAsync(
        ClaimsPrincipal user,
        CartStore store,
        CartMetrics metrics,
        CancellationToken cancellationToken)
    {
        if (await store.ClearAsync(user.RequireBuyerId(), cancellationToken))
        {
            metrics.CartCleared();
        }
        return TypedResults.NoContent();
    }
}

using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Shop.Cart.Diagnostics;
using Shop.Cart.Features.Shared;
using Shop.Cart.Storage;

namespace Shop.Cart.Features.RemoveItem;

/// <summary>
/// <c>DELETE /api/cart/items/{productId}</c>: takes a product out of the cart. Idempotent: 204 whether or not the
/// product was in it, so a retried request cannot fail.
/// </summary>
internal static class RemoveItemEndpoint
{
    public static RouteHandlerBuilder MapRemoveItem(this IEndpointRouteBuilder cart) =>
        cart.MapDelete("/items/{productId}", HandleAsync)
            .WithName("Cart.RemoveItem")
            .WithSummary("Remove a product from the cart")
            .WithDescription("Always 204 for a well-formed id, whether or not the product was in the cart.");

    internal static async Task<Results<NoContent, ValidationProblem>> HandleAsync(
        string productId,
        ClaimsPrincipal user,
        CartStore store,
        CartMetrics metrics,
        CancellationToken cancellationToken)
    {
        if (!CartProblems.TryParseProductId(productId, out var id))
        {
            return CartProblems.InvalidProductId();
        }
        metrics.ItemsRemovedByBuyer(await store.RemoveAsync(user.RequireBuyerId(), [id], cancellationToken));
        return TypedResults.NoContent();
    }
}

using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Shop.Cart.Contracts;
using Shop.Cart.Diagnostics;
using Shop.Cart.Events;
using Shop.Cart.Features.Shared;
using Shop.Cart.Products;
using Shop.Cart.Storage;

namespace Shop.Cart.Features.SetQuantity;

/// <summary>
/// <c>PUT /api/cart/items/{productId}</c> <c>{"quantity": n}</c>: sets how many units of a product the cart holds.
/// 1 to 100 sets the line and answers 200 with it, priced now; 0 removes it and answers 204. The product must exist in
/// the catalog (404 otherwise) but may be out of stock: stock changes all the time, and the reservation at checkout
/// is what decides. A new product beyond <see cref="CartOptions.MaxLines"/> lines is refused with 409.
/// </summary>
internal static class SetQuantityEndpoint
{
    public static RouteHandlerBuilder MapSetQuantity(this IEndpointRouteBuilder cart) =>
        cart.MapPut("/items/{productId}", HandleAsync)
            .WithName("Cart.SetQuantity")
            .WithSummary("Set a product's quantity in the cart")
            .WithDescription("Quantity 1-100 sets the line (200 with the line, priced now); 0 removes it (204). Unknown product: 404; a new product in a full cart: 409.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    internal static async Task<Results<Ok<CartItemView>, NoContent, ValidationProblem, ProblemHttpResult>> HandleAsync(
        string productId,
        SetQuantityRequest request,
        ClaimsPrincipal user,
        CartStore store,
        ProductCatalog catalog,
        CartEvents events,
        CartMetrics metrics,
        IOptions<CartOptions> options,
        CancellationToken cancellationToken)
    {
        if (!CartProblems.TryParseProductId(productId, out var id))
        {
            return CartProblems.InvalidProductId();
        }
        if (request.Quantity is not { } quantity || quantity < 0 || quantity > CartRules.MaxQuantity)
        {
            return CartProblems.InvalidQuantity();
        }

        var buyerId = user.RequireBuyerId();
        if (quantity == 0)
        {
            // Removing needs no catalog: it works for products the catalog no longer has, and while it is down.
            metrics.ItemsRemovedByBuyer(await store.RemoveAsync(buyerId, [id], cancellationToken));
            return TypedResults.NoContent();
        }

        var snapshots = await catalog.GetSnapshotsAsync([id], cancellationToken);
        var product = snapshots.Products.FirstOrDefault(p => p.ProductId == id);
        if (product is null)
        {
            return CartProblems.ProductNotFound(id);
        }

        var result = await store.SetQuantityAsync(buyerId, id, quantity, cancellationToken);
        if (result.CartFull)
        {
            return CartProblems.CartFull(options.Value.MaxLines);
        }
        if (result.PreviousQuantity == 0)
        {
            metrics.ItemAdded();
            // The cart is saved: a request abandoned now must not lose the event.
            await events.ItemAddedAsync(buyerId, id, quantity, product.Price, CancellationToken.None);
        }
        else
        {
            metrics.ItemUpdated();
        }
        return TypedResults.Ok(new CartItemView(id, product.Name, product.Price, quantity));
    }
}

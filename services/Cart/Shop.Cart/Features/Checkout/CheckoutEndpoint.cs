using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Shop.Cart.Contracts;
using Shop.Cart.Features.Shared;
using Shop.Order.Contracts.Messages;

namespace Shop.Cart.Features.Checkout;

/// <summary>
/// <c>POST /api/cart/checkout</c> with an <c>Idempotency-Key</c> header: places an order for the cart's contents at
/// the catalog's current prices and answers 202 with the order's id and location. The same key always answers the
/// same order, so a client that got no answer (a timeout, a 503) sends the same request again.
/// </summary>
internal static class CheckoutEndpoint
{
    /// <summary>Where the order module serves an order; the gateway routes it there in every deployment.</summary>
    public const string OrderLocationPrefix = "/api/orders/";

    public static RouteHandlerBuilder MapCheckout(this IEndpointRouteBuilder cart) =>
        cart.MapPost("/checkout", HandleAsync)
            .WithName("Cart.Checkout")
            .WithSummary("Check out the cart")
            .WithDescription("Requires an Idempotency-Key header (1-100 characters: letters, digits, - _ . :). Answers 202 with the order id and a Location of /api/orders/{orderId}; repeating the key answers the same order. An empty cart, or an order the order service refuses as conflicting, is a 409; one it refuses as invalid a 400. The order is confirmed or cancelled asynchronously; confirmation removes its products from the cart.")
            .ProducesProblem(StatusCodes.Status409Conflict);

    internal static async Task<Results<Accepted<CheckoutAccepted>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        [FromHeader(Name = IdempotencyKeys.HeaderName)] string? idempotencyKey,
        ClaimsPrincipal user,
        CartCheckout checkout,
        CancellationToken cancellationToken)
    {
        if (!IdempotencyKeys.IsValid(idempotencyKey))
        {
            return CartProblems.InvalidIdempotencyKey(IdempotencyKeys.HeaderName, IdempotencyKeys.MaxLength);
        }
        var result = await checkout.CheckoutAsync(user.RequireBuyerId(), idempotencyKey!, cancellationToken);
        return result.Status switch
        {
            CheckoutStatus.Accepted => TypedResults.Accepted(OrderLocationPrefix + result.OrderId.ToString("D"), new CheckoutAccepted(result.OrderId)),
            CheckoutStatus.EmptyCart => CartProblems.CartEmpty(),
            _ when result.Rejection!.Reason == RejectionReasons.Invalid => CartProblems.OrderInvalid(result.Rejection),
            _ => CartProblems.OrderConflict(result.Rejection),
        };
    }
}

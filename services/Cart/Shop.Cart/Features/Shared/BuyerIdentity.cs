using System.Security.Claims;
using Shop.ServiceDefaults.Auth;

namespace Shop.Cart.Features.Shared;

internal static class BuyerIdentity
{
    /// <summary>
    /// The buyer a cart request acts for. Every cart endpoint requires <see cref="ShopClaims.BuyerPolicy"/>, which
    /// demands the subject claim, so a missing one is a wiring mistake rather than a client error.
    /// </summary>
    public static string RequireBuyerId(this ClaimsPrincipal user) =>
        user.BuyerId() is { Length: > 0 } buyerId
            ? buyerId
            : throw new InvalidOperationException($"The cart endpoints require the {ShopClaims.BuyerPolicy} policy, which guarantees a subject claim.");
}

using System.Security.Claims;

namespace Shop.ServiceDefaults.Auth;

/// <summary>Claim names and policies shared by the token issuer and every service that validates tokens.</summary>
public static class ShopClaims
{
    public const string Subject = "sub";
    public const string Role = "role";
    public const string AdminRole = "admin";
    public const string BuyerRole = "buyer";

    /// <summary>Policy for catalog administration and reports.</summary>
    public const string AdminPolicy = "shop-admin";

    /// <summary>Policy for anything done on behalf of a buyer (cart, orders).</summary>
    public const string BuyerPolicy = "shop-buyer";

    public static string? BuyerId(this ClaimsPrincipal user) => user.FindFirst(Subject)?.Value;
}

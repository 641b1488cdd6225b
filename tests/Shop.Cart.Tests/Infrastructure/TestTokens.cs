using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Shop.ServiceDefaults.Auth;

namespace Shop.Cart.Tests.Infrastructure;

/// <summary>Mints tokens the way the gateway's demo issuer does, with a key only this test host knows.</summary>
internal sealed class TestTokens
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    /// <summary>The value for <c>Auth:SigningKey</c> in the host under test.</summary>
    public string SigningKey => Convert.ToBase64String(_key);

    public string Buyer(string buyerId)
    {
        var settings = new JwtSettings();
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            Expires = DateTime.UtcNow.AddMinutes(10),
            Claims = new Dictionary<string, object>
            {
                [ShopClaims.Subject] = buyerId,
                [ShopClaims.Role] = ShopClaims.BuyerRole,
            },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(_key), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}

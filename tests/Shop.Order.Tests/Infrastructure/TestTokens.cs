using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Shop.ServiceDefaults.Auth;

namespace Shop.Order.Tests.Infrastructure;

/// <summary>Mints tokens the way the gateway's demo issuer does, with a key only this test host knows.</summary>
internal sealed class TestTokens
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    /// <summary>The value for <c>Auth:SigningKey</c> in the host under test.</summary>
    public string SigningKey => Convert.ToBase64String(_key);

    public string Buyer(string buyerId) => Create(buyerId, ShopClaims.BuyerRole, _key);

    /// <summary>A well-formed token the host must refuse: signed with a key it does not know.</summary>
    public static string SignedByStranger(string buyerId) => Create(buyerId, ShopClaims.BuyerRole, RandomNumberGenerator.GetBytes(32));

    private static string Create(string subject, string role, byte[] key)
    {
        var settings = new JwtSettings();
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            Expires = DateTime.UtcNow.AddMinutes(10),
            Claims = new Dictionary<string, object>
            {
                [ShopClaims.Subject] = subject,
                [ShopClaims.Role] = role,
            },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}

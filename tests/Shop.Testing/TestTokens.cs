using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Shop.ServiceDefaults.Auth;

namespace Shop.Testing;

/// <summary>
/// Mints tokens the way the gateway's demo issuer does (issuer, audience and claims from <see cref="JwtSettings"/> and
/// <see cref="ShopClaims"/>), with a signing key only the host under test knows.
/// </summary>
public sealed class TestTokens
{
    private static readonly TimeSpan s_lifetime = TimeSpan.FromMinutes(10);
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    /// <summary>The value for <c>Auth:SigningKey</c> in the host under test.</summary>
    public string SigningKey => Convert.ToBase64String(_key);

    /// <summary>A token with the <c>admin</c> role.</summary>
    public string Admin() => Create("admin-1", ShopClaims.AdminRole, _key);

    /// <summary>A token of the buyer <paramref name="buyerId"/> (its subject), with the <c>buyer</c> role.</summary>
    public string Buyer(string buyerId) => Create(buyerId, ShopClaims.BuyerRole, _key);

    /// <summary>A well-formed buyer token every host must refuse: signed with a key nobody knows.</summary>
    public static string SignedByStranger(string buyerId) => Create(buyerId, ShopClaims.BuyerRole, RandomNumberGenerator.GetBytes(32));

    private static string Create(string subject, string role, byte[] key)
    {
        var settings = new JwtSettings();
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            Expires = DateTime.UtcNow.Add(s_lifetime),
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

using System.Net.Http.Headers;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Shop.Gateway.Tests.Infrastructure;

/// <summary>Tokens signed with the test key, made without the token endpoint so a test spends no rate-limit budget on them.</summary>
public static class TestTokens
{
    public static SymmetricSecurityKey Key { get; } = new(Convert.FromBase64String(TestGateway.SigningKey));

    /// <param name="subject">The token's <c>sub</c>.</param>
    /// <param name="key">Signs the token; the gateway's key unless a test forges one.</param>
    /// <param name="expires">Defaults to five minutes from now; a time in the past makes an expired token.</param>
    public static AuthenticationHeaderValue BearerFor(string subject, SecurityKey? key = null, DateTime? expires = null)
    {
        var expiry = expires ?? DateTime.UtcNow.AddMinutes(5);
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "shop-demo-issuer",
            Audience = "shop",
            IssuedAt = expiry.AddMinutes(-10),
            NotBefore = expiry.AddMinutes(-10),
            Expires = expiry,
            SigningCredentials = new SigningCredentials(key ?? Key, SecurityAlgorithms.HmacSha256),
            Claims = new Dictionary<string, object> { ["sub"] = subject, ["role"] = "buyer" },
        });
        return new AuthenticationHeaderValue("Bearer", token);
    }

    public static Task<TokenValidationResult> ValidateAsync(string token) =>
        new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = "shop-demo-issuer",
            ValidAudience = "shop",
            IssuerSigningKey = Key,
        });
}

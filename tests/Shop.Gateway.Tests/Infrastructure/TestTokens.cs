using System.Net.Http.Headers;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Shop.Gateway.Tests.Infrastructure;

/// <summary>Tokens signed with the test key, made without the token endpoint so a test spends no rate-limit budget on them.</summary>
public static class TestTokens
{
    public static SymmetricSecurityKey Key { get; } = new(Convert.FromBase64String(TestGateway.SigningKey));

    public static AuthenticationHeaderValue BearerFor(string subject)
    {
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "shop-demo-issuer",
            Audience = "shop",
            Expires = DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256),
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

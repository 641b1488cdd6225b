using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Shop.ServiceDefaults.Auth;

/// <summary>
/// How tokens are validated (services) and issued (the gateway's demo issuer), bound from the <c>Auth</c> section.
/// With <see cref="Authority"/> set, services trust a real OpenID Connect provider instead of the shared key.
/// </summary>
public sealed class JwtSettings
{
    public const string SectionName = "Auth";

    /// <summary>OpenID Connect authority (for example a Keycloak realm URL). Empty means: use the demo issuer's key.</summary>
    public string? Authority { get; set; }

    public string Issuer { get; set; } = "shop-demo-issuer";

    public string Audience { get; set; } = "shop";

    /// <summary>Base64 HMAC-SHA256 key shared by the demo issuer and the services; at least 32 bytes.</summary>
    public string? SigningKey { get; set; }

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(8);

    public SymmetricSecurityKey CreateSigningKey()
    {
        if (string.IsNullOrWhiteSpace(SigningKey))
        {
            throw new InvalidOperationException("Auth:SigningKey is not configured (base64, at least 32 bytes). ./shop up generates one.");
        }
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(SigningKey);
        }
        catch (FormatException)
        {
            bytes = Encoding.UTF8.GetBytes(SigningKey);
        }
        if (bytes.Length < 32)
        {
            throw new InvalidOperationException("Auth:SigningKey must be at least 32 bytes long.");
        }
        return new SymmetricSecurityKey(bytes);
    }
}

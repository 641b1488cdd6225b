using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Shop.ServiceDefaults.Auth;

namespace Shop.Gateway.Auth;

/// <summary>
/// Issues HMAC-SHA256 JWTs signed with <c>Auth:SigningKey</c>, the key every service validates with, so demos and load
/// tests need no identity provider. It is the only piece of the gateway that knows how tokens are made.
/// </summary>
/// <remarks>
/// To use a real OpenID Connect provider instead (Keycloak, Entra ID, ...): set <c>Auth:Authority</c> (and
/// <c>Auth:Audience</c>) on every service and on the gateway, so tokens are validated against the provider's published
/// keys, and set <c>Gateway:DemoIssuer:Enabled=false</c>, which removes <c>POST /api/auth/token</c>. Clients then get
/// their tokens from the provider; the gateway keeps forwarding the <c>Authorization</c> header untouched and rate
/// limits by the token's <c>sub</c> as before. Map the provider's user id to <c>sub</c> and its roles to <c>role</c>.
/// </remarks>
public sealed class DemoTokenIssuer
{
    private readonly JsonWebTokenHandler _handler = new();
    private readonly SigningCredentials _credentials;
    private readonly JwtSettings _settings;
    private readonly byte[]? _adminKeyDigest;
    private readonly TimeProvider _timeProvider;

    /// <param name="settings">Issuer, audience, lifetime and signing key shared with the services.</param>
    /// <param name="adminKey"><c>Auth:AdminKey</c>; when empty, admin tokens are never issued.</param>
    /// <param name="timeProvider">Clock for the token's iat, nbf and exp.</param>
    public DemoTokenIssuer(JwtSettings settings, string? adminKey, TimeProvider timeProvider)
    {
        _settings = settings;
        // Throws at startup with a clear message when the key is missing or shorter than 32 bytes.
        _credentials = new SigningCredentials(settings.CreateSigningKey(), SecurityAlgorithms.HmacSha256);
        _adminKeyDigest = string.IsNullOrWhiteSpace(adminKey) ? null : Digest(adminKey);
        _timeProvider = timeProvider;
    }

    public TimeSpan TokenLifetime => _settings.TokenLifetime;

    public AdminKeyVerdict VerifyAdminKey(string presentedKey)
    {
        if (_adminKeyDigest is null)
        {
            return AdminKeyVerdict.NotConfigured;
        }
        // Comparing fixed-length digests in constant time reveals neither the key's content nor its length through timing.
        return CryptographicOperations.FixedTimeEquals(Digest(presentedKey), _adminKeyDigest)
            ? AdminKeyVerdict.Accepted
            : AdminKeyVerdict.Rejected;
    }

    /// <summary>Creates a signed token for <paramref name="buyerId"/> with the buyer role, plus the admin role when asked.</summary>
    public string Issue(string buyerId, bool admin)
    {
        var now = _timeProvider.GetUtcNow().UtcDateTime;
        string[] roles = admin ? [ShopClaims.BuyerRole, ShopClaims.AdminRole] : [ShopClaims.BuyerRole];
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _settings.Issuer,
            Audience = _settings.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + _settings.TokenLifetime,
            SigningCredentials = _credentials,
            Claims = new Dictionary<string, object>
            {
                [ShopClaims.Subject] = buyerId,
                [ShopClaims.Role] = roles,
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
            },
        });
    }

    private static byte[] Digest(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}

/// <summary>Outcome of checking the admin key a client presented.</summary>
public enum AdminKeyVerdict
{
    Accepted,
    Rejected,

    /// <summary><c>Auth:AdminKey</c> is not set, so no key can be right.</summary>
    NotConfigured,
}

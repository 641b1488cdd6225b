using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Shop.Gateway.Observability;
using Shop.ServiceDefaults.Auth;

namespace Shop.Gateway.Auth;

/// <summary>
/// Validates the bearer token a request presents, with the parameters the services use
/// (<see cref="JwtAuthentication.CreateValidationParameters"/>), so the rate limiter can count the request against the
/// token's subject.
/// </summary>
/// <remarks>
/// The gateway authorizes nothing itself (each service validates the token again and decides), so ASP.NET Core's
/// authentication middleware would only cost: for every request, token or not, it resolved a request scope and created
/// a JwtBearer handler (with the authorization policies, about 1.6 KB per request). Here a request without an
/// <c>Authorization</c> header (most catalog browsing) costs one header lookup.
/// </remarks>
public sealed class PresentedTokenValidator
{
    private const string BearerPrefix = "Bearer ";

    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly TokenValidationParameters _parameters;

    public PresentedTokenValidator(JwtSettings settings)
    {
        _parameters = JwtAuthentication.CreateValidationParameters(settings);
        if (!string.IsNullOrWhiteSpace(settings.Authority))
        {
            // Signing keys (and the issuer) come from the provider's discovery document, refreshed as it rotates them.
            _parameters.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                MetadataAddress(settings.Authority),
                new OpenIdConnectConfigurationRetriever(),
                new HttpDocumentRetriever { RequireHttps = JwtAuthentication.RequiresHttpsMetadata(settings.Authority) });
        }
    }

    /// <summary>The token after <c>Bearer </c> in the request's <c>Authorization</c> header, if there is one.</summary>
    public static string? PresentedToken(HttpRequest request)
    {
        var authorization = request.Headers.Authorization;
        if (authorization.Count != 1)
        {
            return null;
        }
        var value = authorization[0];
        if (value is null || !value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var token = value[BearerPrefix.Length..].Trim();
        return token.Length > 0 ? token : null;
    }

    /// <summary>The token's identity when it is valid (signature, issuer, audience, lifetime); otherwise the reason it is not.</summary>
    public async Task<(ClaimsIdentity? Identity, string? Failure)> ValidateAsync(string token)
    {
        var result = await _handler.ValidateTokenAsync(token, _parameters);
        return result.IsValid
            ? (result.ClaimsIdentity, null)
            : (null, result.Exception?.GetType().Name ?? "invalid token");
    }

    /// <summary>Where an OpenID Connect provider publishes its configuration, as JwtBearer derives it from the authority.</summary>
    public static string MetadataAddress(string authority) =>
        authority.TrimEnd('/') + "/.well-known/openid-configuration";
}

/// <summary>
/// Sets <see cref="HttpContext.User"/> from a valid presented token, for <see cref="RateLimiting.ClientPartition"/>.
/// A missing, forged or expired token leaves the request anonymous: it is counted against its address, and forwarded
/// unchanged, so the service behind answers 401 where it requires a token.
/// </summary>
internal sealed class PresentedTokenAuthenticationMiddleware(
    RequestDelegate next, PresentedTokenValidator validator, ILogger<PresentedTokenAuthenticationMiddleware> logger)
{
    public Task InvokeAsync(HttpContext context) =>
        PresentedTokenValidator.PresentedToken(context.Request) is { } token
            ? AuthenticateAsync(context, token)
            : next(context);

    private async Task AuthenticateAsync(HttpContext context, string token)
    {
        var (identity, failure) = await validator.ValidateAsync(token);
        if (identity is not null)
        {
            context.User = new ClaimsPrincipal(identity);
        }
        else
        {
            GatewayLog.PresentedTokenRejected(logger, failure ?? "invalid token");
        }
        await next(context);
    }
}

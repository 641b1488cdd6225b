using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace Shop.ServiceDefaults.Auth;

/// <summary>
/// Services validate tokens themselves on every request (JwtBearer). The gateway issues demo tokens and forwards the
/// header; it validates a token only to rate limit by its subject, with the same parameters.
/// </summary>
public static class JwtAuthentication
{
    public static WebApplicationBuilder AddShopAuthentication(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(JwtSettings.SectionName).Get<JwtSettings>() ?? new JwtSettings();
        builder.Services.Configure<JwtSettings>(builder.Configuration.GetSection(JwtSettings.SectionName));
        builder.Services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = CreateValidationParameters(settings);
                if (!string.IsNullOrWhiteSpace(settings.Authority))
                {
                    options.Authority = settings.Authority;
                    options.RequireHttpsMetadata = RequiresHttpsMetadata(settings.Authority);
                }
            });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ShopClaims.AdminPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(ShopClaims.AdminRole))
            .AddPolicy(ShopClaims.BuyerPolicy, policy => policy.RequireAuthenticatedUser().RequireClaim(ShopClaims.Subject));
        return builder;
    }

    /// <summary>
    /// What makes a token valid in Shop: issuer, audience, lifetime and either the demo issuer's key or, with
    /// <see cref="JwtSettings.Authority"/>, the keys the authority publishes (which the caller wires in). The services and
    /// the gateway build their validation from this one place, so they never disagree about a token.
    /// </summary>
    public static TokenValidationParameters CreateValidationParameters(JwtSettings settings)
    {
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = settings.Issuer,
            ValidAudience = settings.Audience,
            NameClaimType = ShopClaims.Subject,
            RoleClaimType = ShopClaims.Role,
            ClockSkew = TimeSpan.FromSeconds(30),
        };
        if (!string.IsNullOrWhiteSpace(settings.Authority))
        {
            return parameters;
        }
        if (!string.IsNullOrWhiteSpace(settings.SigningKey))
        {
            parameters.IssuerSigningKey = settings.CreateSigningKey();
        }
        else
        {
            // No key and no authority: every token is rejected, which is the safe failure.
            parameters.IssuerSigningKeyResolver = (_, _, _, _) => [];
        }
        return parameters;
    }

    /// <summary>An authority's metadata is fetched over HTTPS unless the authority itself is plain HTTP (a local provider).</summary>
    public static bool RequiresHttpsMetadata(string authority) =>
        authority.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
}

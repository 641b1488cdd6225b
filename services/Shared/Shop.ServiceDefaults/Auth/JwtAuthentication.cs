using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace Shop.ServiceDefaults.Auth;

/// <summary>Services validate tokens themselves; the gateway only issues them and forwards the header.</summary>
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
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = settings.Issuer,
                    ValidAudience = settings.Audience,
                    NameClaimType = ShopClaims.Subject,
                    RoleClaimType = ShopClaims.Role,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
                if (!string.IsNullOrWhiteSpace(settings.Authority))
                {
                    options.Authority = settings.Authority;
                    options.RequireHttpsMetadata = settings.Authority.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
                }
                else if (!string.IsNullOrWhiteSpace(settings.SigningKey))
                {
                    options.TokenValidationParameters.IssuerSigningKey = settings.CreateSigningKey();
                }
                else
                {
                    // No key and no authority: every token is rejected, which is the safe failure.
                    options.TokenValidationParameters.IssuerSigningKeyResolver = (_, _, _, _) => [];
                }
            });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ShopClaims.AdminPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(ShopClaims.AdminRole))
            .AddPolicy(ShopClaims.BuyerPolicy, policy => policy.RequireAuthenticatedUser().RequireClaim(ShopClaims.Subject));
        return builder;
    }
}

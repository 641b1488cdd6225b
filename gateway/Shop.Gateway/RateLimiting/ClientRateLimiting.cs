using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Shop.Gateway.Auth;
using Shop.ServiceDefaults.Auth;

namespace Shop.Gateway.RateLimiting;

/// <summary>
/// A token bucket per client (<see cref="ClientPartition"/>) on the proxied routes and the token endpoint.
/// Health and <c>/metrics</c> never carry the policy, so probes and scrapes are never throttled.
/// </summary>
public static class ClientRateLimiting
{
    public const string PolicyName = "per-client";

    public static WebApplicationBuilder AddClientRateLimiting(this WebApplicationBuilder builder, RateLimitOptions options)
    {
        // Built once: the partition factory below runs only when a client is seen for the first time.
        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.Burst,
            TokensPerPeriod = options.PermitsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
        Func<ClientPartition, TokenBucketRateLimiterOptions> bucketFor = _ => bucket;

        builder.Services.AddSingleton<RateLimitRejection>();
        var jwt = builder.Configuration.GetSection(JwtSettings.SectionName).Get<JwtSettings>() ?? new JwtSettings();
        builder.Services.AddSingleton(new PresentedTokenValidator(jwt));
        // The policy is registered even when limiting is disabled, so routes can name it; only the middleware is left out.
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(PolicyName, context => RateLimitPartition.GetTokenBucketLimiter(ClientPartition.For(context), bucketFor));
        });
        builder.Services.AddOptions<RateLimiterOptions>()
            .Configure<RateLimitRejection>((limiter, rejection) => limiter.OnRejected = rejection.RejectAsync);
        return builder;
    }

    public static WebApplication UseClientRateLimiting(this WebApplication app, RateLimitOptions options)
    {
        if (options.Enabled)
        {
            // The partition is the token's subject when one is presented: validate it first, and only then.
            app.UseMiddleware<PresentedTokenAuthenticationMiddleware>();
            app.UseRateLimiter();
        }
        return app;
    }
}

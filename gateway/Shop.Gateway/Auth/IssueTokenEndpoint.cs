using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Shop.Gateway.Observability;
using Shop.ServiceDefaults.Auth;

namespace Shop.Gateway.Auth;

/// <summary>
/// <c>POST /api/auth/token</c>: trades a buyer id (and optionally the admin key) for a signed JWT.
/// A wrong admin key is answered with 403 and no token at all: silently handing out a buyer token instead would leave
/// an operator wondering why the admin calls that follow are refused. 403 rather than 401 because the request is
/// understood and the caller is simply not granted the admin role; there is no authentication scheme to retry with.
/// </summary>
public static class IssueTokenEndpoint
{
    public const string Path = "/api/auth/token";
    private const int MaxBuyerIdLength = 64;

    private static readonly SearchValues<char> BuyerIdCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.@-");

    /// <summary>Registers the issuer with the <c>Auth</c> settings the services validate with, and <c>Auth:AdminKey</c>.</summary>
    public static WebApplicationBuilder AddDemoTokenIssuer(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(JwtSettings.SectionName).Get<JwtSettings>() ?? new JwtSettings();
        var adminKey = builder.Configuration[$"{JwtSettings.SectionName}:AdminKey"];
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(services => new DemoTokenIssuer(settings, adminKey, services.GetRequiredService<TimeProvider>()));
        return builder;
    }

    public static RouteHandlerBuilder MapIssueToken(this WebApplication app)
    {
        // Resolving the issuer here makes a missing or short signing key fail at startup, not at the first login.
        app.Services.GetRequiredService<DemoTokenIssuer>();
        return app.MapPost(Path, Handle)
            .WithName("IssueToken")
            .WithSummary("Issues a demo JWT for a buyer, optionally with the admin role.")
            .Produces<TokenResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
    }

    internal static Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult> Handle(
        IssueTokenRequest request, DemoTokenIssuer issuer, GatewayMetrics metrics, ILogger<DemoTokenIssuer> logger)
    {
        if (!IsValidBuyerId(request.BuyerId))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["buyerId"] = [$"buyerId is required: 1 to {MaxBuyerIdLength} characters of letters, digits, '_', '.', '@' or '-'."],
            });
        }

        var buyerId = request.BuyerId;
        var admin = !string.IsNullOrEmpty(request.AdminKey);
        if (admin)
        {
            var verdict = issuer.VerifyAdminKey(request.AdminKey!);
            if (verdict != AdminKeyVerdict.Accepted)
            {
                var reason = verdict == AdminKeyVerdict.NotConfigured ? "not-configured" : "mismatch";
                GatewayLog.AdminTokenRefused(logger, buyerId, reason);
                metrics.TokenRefused(reason);
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status403Forbidden,
                    title: "Admin token refused",
                    detail: verdict == AdminKeyVerdict.NotConfigured
                        ? "This gateway issues no admin tokens (Auth:AdminKey is not configured). No token was issued; omit adminKey to get a buyer token."
                        : "The admin key does not match. No token was issued; omit adminKey to get a buyer token.");
            }
            GatewayLog.AdminTokenIssued(logger, buyerId);
        }
        else
        {
            GatewayLog.BuyerTokenIssued(logger, buyerId);
        }

        var token = issuer.Issue(buyerId, admin);
        metrics.TokenIssued(admin);
        return TypedResults.Ok(new TokenResponse(token, "Bearer", (int)issuer.TokenLifetime.TotalSeconds));
    }

    private static bool IsValidBuyerId([NotNullWhen(true)] string? buyerId) =>
        buyerId is { Length: > 0 and <= MaxBuyerIdLength } && !buyerId.AsSpan().ContainsAnyExcept(BuyerIdCharacters);
}

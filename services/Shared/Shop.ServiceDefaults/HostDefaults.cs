using Microsoft.AspNetCore.Builder;
using Shop.ServiceDefaults.Auth;
using Shop.ServiceDefaults.Commands;
using Shop.ServiceDefaults.Health;
using Shop.ServiceDefaults.Http;
using Shop.ServiceDefaults.Observability;
using Shop.ServiceDefaults.Runtime;

namespace Shop.ServiceDefaults;

/// <summary>
/// The one place a Shop host (a single service, the monolith or the gateway) gets its cross-cutting behaviour,
/// so that every deployment shape exposes the same metrics, health endpoints and error format.
/// </summary>
public static class HostDefaults
{
    /// <summary>Adds logging, the thread pool floor, metrics, health checks, problem details, request limits and JWT validation.</summary>
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder)
    {
        builder.AddStructuredLogging();
        builder.AddThreadPoolWarmStart();
        builder.AddShopMetrics();
        builder.AddShopHealthChecks();
        builder.AddShopHttpDefaults();
        builder.AddShopAuthentication();
        builder.Services.AddHostCommands();
        return builder;
    }

    /// <summary>Maps the middleware and endpoints that every host exposes in every environment.</summary>
    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        app.UseShopHttpDefaults();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapShopHealthChecks();
        app.MapShopMetrics();
        return app;
    }
}

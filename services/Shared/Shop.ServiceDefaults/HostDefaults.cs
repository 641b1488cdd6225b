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
    /// <summary>
    /// What a service (or the monolith) needs: <see cref="AddHostDefaults"/> plus JWT validation and the Shop
    /// authorization policies.
    /// </summary>
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder) =>
        builder.AddHostDefaults().AddShopAuthentication();

    /// <summary>
    /// Logging, the thread pool floor, metrics, health checks, problem details and request limits: everything but
    /// authentication. The gateway uses this alone: it authorizes nothing itself, so it validates a token only when a
    /// request presents one (see the gateway's rate limiting), and anonymous requests pay nothing for authentication.
    /// </summary>
    public static WebApplicationBuilder AddHostDefaults(this WebApplicationBuilder builder)
    {
        builder.AddStructuredLogging();
        builder.AddThreadPoolWarmStart();
        builder.AddShopMetrics();
        builder.AddShopHealthChecks();
        builder.AddShopHttpDefaults();
        builder.Services.AddHostCommands();
        return builder;
    }

    /// <summary>The middleware and endpoints of <see cref="UseHostDefaults"/>, with authentication and authorization.</summary>
    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        app.UseShopHttpDefaults();
        app.UseAuthentication();
        app.UseAuthorization();
        return app.MapHostEndpoints();
    }

    /// <summary>Maps the middleware and endpoints that every host exposes in every environment.</summary>
    public static WebApplication UseHostDefaults(this WebApplication app)
    {
        app.UseShopHttpDefaults();
        return app.MapHostEndpoints();
    }

    private static WebApplication MapHostEndpoints(this WebApplication app)
    {
        app.MapShopHealthChecks();
        app.MapShopMetrics();
        return app;
    }
}

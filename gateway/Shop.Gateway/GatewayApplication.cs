using Shop.Gateway.Auth;
using Shop.Gateway.Http;
using Shop.Gateway.Observability;
using Shop.Gateway.Proxy;
using Shop.Gateway.RateLimiting;
using Shop.ServiceDefaults;

namespace Shop.Gateway;

/// <summary>
/// Composes the gateway. It lives outside <c>Program.cs</c> so the tests start exactly this application on a real
/// socket (the proxy needs real connections to its upstreams, which an in-memory test server cannot give it).
/// </summary>
public static class GatewayApplication
{
    /// <summary>Where the gateway listens when neither <c>--urls</c>, <c>ASPNETCORE_URLS</c> nor Kestrel endpoints say otherwise.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8080";

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(GatewayApplication).Assembly.GetName().Name,
            // appsettings.json is found next to the binary whatever the working directory of whoever starts it.
            ContentRootPath = AppContext.BaseDirectory,
        });
        if (!HasConfiguredAddresses(builder.Configuration))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var options = GatewayOptions.Bind(builder.Configuration);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<GatewayMetrics>();
        // No authentication scheme or Shop policies: the gateway authorizes nothing (the services do), and it validates
        // a token only when a request presents one, to rate limit by its subject (ClientRateLimiting). ASP.NET Core still
        // adds an authorization middleware, because YARP registers the authorization services; with no policy on any
        // endpoint it passes every request through.
        builder.AddHostDefaults();
        builder.AddClientRateLimiting(options.RateLimit);
        builder.AddUpstreamProxy(options.Upstream);
        if (options.DemoIssuer.Enabled)
        {
            builder.AddDemoTokenIssuer();
        }

        var app = builder.Build();
        // Correlation id, problem details, health, metrics.
        app.UseHostDefaults();
        app.UseClientRateLimiting(options.RateLimit);
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        if (options.DemoIssuer.Enabled)
        {
            app.MapIssueToken().RequireRateLimiting(ClientRateLimiting.PolicyName);
        }
        app.MapUpstreamProxy().RequireRateLimiting(ClientRateLimiting.PolicyName);
        // Anything else falls through to a 404, written as a problem document by the status code pages of ServiceDefaults.
        return app;
    }

    private static bool HasConfiguredAddresses(ConfigurationManager configuration) =>
        !string.IsNullOrEmpty(configuration["urls"])
        || !string.IsNullOrEmpty(configuration["http_ports"])
        || !string.IsNullOrEmpty(configuration["https_ports"])
        || configuration.GetSection("Kestrel:Endpoints").Exists();
}

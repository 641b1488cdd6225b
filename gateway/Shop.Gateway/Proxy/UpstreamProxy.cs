using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Transforms;

namespace Shop.Gateway.Proxy;

/// <summary>YARP with routes and clusters from the <c>ReverseProxy</c> section and the Shop defaults for every cluster.</summary>
public static class UpstreamProxy
{
    public const string SectionName = "ReverseProxy";

    public static WebApplicationBuilder AddUpstreamProxy(this WebApplicationBuilder builder, UpstreamOptions upstream)
    {
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection(SectionName))
            .AddConfigFilter<ClusterDefaultsFilter>()
            .AddTransforms(route =>
            {
                if (!upstream.ForwardedHeaders)
                {
                    // Instead of YARP's default of setting them: take out whatever the client sent, add nothing.
                    route.UseDefaultForwarders = false;
                    route.AddXForwarded(ForwardedTransformActions.Remove);
                }
            });
        builder.Services.AddSingleton<IForwarderHttpClientFactory, UpstreamHttpClientFactory>();
        builder.Services.Configure<ConsecutiveFailuresHealthPolicyOptions>(policy => policy.DefaultThreshold = upstream.ConsecutiveFailures);
        builder.Services.Configure<TransportFailureRateHealthPolicyOptions>(policy =>
        {
            policy.DetectionWindowSize = upstream.FailureRateWindow;
            policy.MinimalTotalCountThreshold = upstream.FailureRateMinimalRequests;
            policy.DefaultFailureRateLimit = upstream.FailureRateLimit;
        });
        return builder;
    }

    public static ReverseProxyConventionBuilder MapUpstreamProxy(this WebApplication app) =>
        app.MapReverseProxy(pipeline =>
        {
            // Outermost, so it sees the outcome of the last attempt.
            pipeline.UseMiddleware<ProxyErrorResponseMiddleware>();
            // Before load balancing and the passive health check: each attempt is balanced and reported on its own.
            pipeline.UseMiddleware<TransportFailureRetryMiddleware>();
            pipeline.UseSessionAffinity();
            pipeline.UseLoadBalancing();
            pipeline.UsePassiveHealthChecks();
        });
}

using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Shop.ServiceDefaults.Observability;

/// <summary>OpenTelemetry metrics exported in Prometheus format at <c>/metrics</c>.</summary>
public static class Telemetry
{
    /// <summary>Every module names its Meter <c>Shop.&lt;Module&gt;</c>; the wildcard picks them all up.</summary>
    public const string ShopMeterPattern = "Shop.*";

    public const string MetricsPath = "/metrics";

    public static WebApplicationBuilder AddShopMetrics(this WebApplicationBuilder builder)
    {
        var serviceName = builder.Configuration["Shop:ServiceName"] ?? builder.Environment.ApplicationName;
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddProcessInstrumentation()
                .AddMeter(ShopMeterPattern)
                .AddPrometheusExporter());
        return builder;
    }

    public static WebApplication MapShopMetrics(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }
}

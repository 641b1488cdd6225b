using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Shop.ServiceDefaults.Health;

/// <summary>
/// <c>/health/live</c> says the process answers (Kubernetes restarts it otherwise);
/// <c>/health/ready</c> says its dependencies answer (the gateway and Kubernetes stop routing to it otherwise).
/// </summary>
public static class HealthEndpoints
{
    public const string ReadyTag = "ready";
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";

    public static WebApplicationBuilder AddShopHealthChecks(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks();
        return builder;
    }

    /// <summary>Readiness check that opens a PostgreSQL connection and runs <c>SELECT 1</c>.</summary>
    public static IHealthChecksBuilder AddPostgresReadiness(this IHealthChecksBuilder checks, string name, string connectionString) =>
        checks.Add(new HealthCheckRegistration(
            name,
            _ => new PostgresHealthCheck(connectionString),
            HealthStatus.Unhealthy,
            [ReadyTag],
            TimeSpan.FromSeconds(3)));

    /// <summary>Readiness check that pings Redis through the shared multiplexer.</summary>
    public static IHealthChecksBuilder AddRedisReadiness(this IHealthChecksBuilder checks, string name) =>
        checks.Add(new HealthCheckRegistration(
            name,
            services => ActivatorUtilities.CreateInstance<RedisHealthCheck>(services),
            HealthStatus.Unhealthy,
            [ReadyTag],
            TimeSpan.FromSeconds(3)));

    public static WebApplication MapShopHealthChecks(this WebApplication app)
    {
        app.MapHealthChecks(LivePath, new HealthCheckOptions
        {
            Predicate = _ => false,
            ResponseWriter = WriteReportAsync,
        }).DisableHttpMetrics();
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = WriteReportAsync,
        }).DisableHttpMetrics();
        return app;
    }

    private static Task WriteReportAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            durationMs = report.TotalDuration.TotalMilliseconds,
            checks = report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new { status = entry.Value.Status.ToString(), error = entry.Value.Exception?.Message }),
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, cancellationToken: context.RequestAborted);
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Shop.ServiceDefaults.Observability;

namespace Shop.ServiceDefaults.Http;

/// <summary>
/// Error format and request limits: every error leaves as an RFC 7807 problem document, and a client's
/// mistake (bad JSON, body too large, a malformed or oversized request head) keeps its 4xx status instead of turning
/// into a 500. Only what Kestrel refuses while parsing, before any middleware runs, is answered without one
/// (README, API: errors).
/// </summary>
public static class HttpDefaults
{
    /// <summary>Requests larger than this are refused with 413; Shop's largest legitimate body is a few hundred bytes.</summary>
    public const long DefaultMaxRequestBodyBytes = 64 * 1024;

    public static WebApplicationBuilder AddShopHttpDefaults(this WebApplicationBuilder builder)
    {
        var maxBody = builder.Configuration.GetValue("Shop:MaxRequestBodyBytes", DefaultMaxRequestBodyBytes);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = maxBody;
            RequestHeadLimits.ApplyTo(kestrel);
        });
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            context.ProblemDetails.Extensions["traceId"] = context.HttpContext.TraceIdentifier;
            if (CorrelationId.TryGet(context.HttpContext, out var correlationId))
            {
                context.ProblemDetails.Extensions["correlationId"] = correlationId;
            }
        });
        builder.Services.AddSingleton<IProblemDetailsWriter, AnyAcceptProblemDetailsWriter>();
        return builder;
    }

    public static WebApplication UseShopHttpDefaults(this WebApplication app)
    {
        app.UseMiddleware<CorrelationIdMiddleware>();
        app.UseMiddleware<RequestHeadValidationMiddleware>();
        app.UseModuleMetricsTag();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = ClientErrorStatus.For,
            SuppressDiagnosticsCallback = context => context.Exception is BadHttpRequestException or OperationCanceledException,
        });
        app.UseStatusCodePages();
        return app;
    }
}

using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Shop.ServiceDefaults.Http;

/// <summary>Establishes the request's correlation id, logs within its scope and echoes it on the response.</summary>
/// <remarks>It runs on every request of every host, the gateway's included, so it allocates no closure per request.</remarks>
internal sealed class CorrelationIdMiddleware(RequestDelegate next, ILogger<CorrelationIdMiddleware> logger)
{
    private static readonly Func<object, Task> s_echoOnResponse = state =>
    {
        var context = (HttpContext)state;
        if (CorrelationId.TryGet(context, out var id))
        {
            context.Response.Headers[CorrelationId.HeaderName] = id;
        }
        return Task.CompletedTask;
    };

    public async Task InvokeAsync(HttpContext context)
    {
        var scope = CorrelationId.Establish(context);
        context.Response.OnStarting(s_echoOnResponse, context);
        using (logger.BeginScope(scope))
        {
            await next(context);
        }
    }
}

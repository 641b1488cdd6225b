using Microsoft.AspNetCore.WebUtilities;
using Shop.Gateway.Http;
using Shop.Gateway.Observability;
using Yarp.ReverseProxy.Forwarder;

namespace Shop.Gateway.Proxy;

/// <summary>
/// When forwarding failed and nothing has been sent yet, answers with a problem document that says what went wrong:
/// 503 when no replica is healthy, 502 when the chosen one could not be reached, 504 when it did not answer in time,
/// 413 when the client's streamed body went over the limit. YARP itself only sets the status code and leaves the body empty.
/// </summary>
internal sealed class ProxyErrorResponseMiddleware(
    RequestDelegate next, IProblemDetailsService problems, GatewayMetrics metrics, ILogger<ProxyErrorResponseMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);

        var error = context.Features.Get<IForwarderErrorFeature>();
        if (error is null || context.Response.HasStarted || context.RequestAborted.IsCancellationRequested)
        {
            // Success, or a failure after the response started (YARP aborts the connection so the client sees a truncated
            // response), or a client that is gone.
            return;
        }

        var clusterId = context.GetReverseProxyFeature().Cluster.Config.ClusterId;
        var (status, detail) = Describe(context, error, clusterId);
        GatewayLog.ProxyFailed(logger, context.Request.Method, context.Request.Path.Value ?? "/", clusterId, error.Error, status);
        metrics.ProxyFailed(clusterId, error.Error.ToString());

        context.Response.StatusCode = status;
        if (status == StatusCodes.Status413PayloadTooLarge)
        {
            RequestBodyLimit.CloseConnectionAfterResponse(context);
        }
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = status,
                Title = ReasonPhrases.GetReasonPhrase(status),
                Detail = detail,
            },
        });
    }

    private static (int Status, string Detail) Describe(HttpContext context, IForwarderErrorFeature error, string clusterId) =>
        error.Error switch
        {
            ForwarderError.NoAvailableDestinations =>
                (StatusCodes.Status503ServiceUnavailable, $"No healthy instance of the '{clusterId}' service is available."),
            ForwarderError.RequestTimedOut =>
                (StatusCodes.Status504GatewayTimeout, $"The '{clusterId}' service did not answer in time."),
            ForwarderError.Request =>
                (StatusCodes.Status502BadGateway, $"The '{clusterId}' service could not be reached."),
            // Kestrel reports an oversized chunked body as BadHttpRequestException(413) while YARP streams it upstream.
            ForwarderError.RequestBodyClient when FindBadRequest(error.Exception) is { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                (StatusCodes.Status413PayloadTooLarge, RequestBodyLimit.Describe(RequestBodyLimit.For(context) ?? 0)),
            ForwarderError.RequestBodyClient =>
                (StatusCodes.Status400BadRequest, "The request body could not be read from the client."),
            _ => (context.Response.StatusCode, $"The request could not be forwarded to the '{clusterId}' service."),
        };

    private static BadHttpRequestException? FindBadRequest(Exception? exception) => exception switch
    {
        null => null,
        BadHttpRequestException bad => bad,
        AggregateException aggregate => aggregate.InnerExceptions.Select(FindBadRequest).FirstOrDefault(found => found is not null),
        _ => FindBadRequest(exception.InnerException),
    };
}

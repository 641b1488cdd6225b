using Shop.Gateway.Observability;

namespace Shop.Gateway.Http;

/// <summary>
/// Refuses a request whose declared <c>Content-Length</c> is over the server's body limit (<c>Shop:MaxRequestBodyBytes</c>)
/// before anything is forwarded. Kestrel would only notice on the first read, by which time the proxy has already
/// opened a request to a service and must tear that connection down. Chunked bodies have no length up front; the proxy
/// error handling turns Kestrel's 413 raised mid-stream into the same answer.
/// </summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next, IProblemDetailsService problems, ILogger<RequestBodyLimitMiddleware> logger)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength is { } length
            && RequestBodyLimit.For(context) is { } limit
            && length > limit)
        {
            return RejectAsync(context, length, limit);
        }
        return next(context);
    }

    private async Task RejectAsync(HttpContext context, long length, long limit)
    {
        GatewayLog.RequestBodyTooLarge(logger, length, limit);
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        RequestBodyLimit.CloseConnectionAfterResponse(context);
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status413PayloadTooLarge,
                Title = "Request body too large",
                Detail = RequestBodyLimit.Describe(limit),
            },
        });
    }
}

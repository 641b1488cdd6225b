using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;
using Shop.Cart.Diagnostics;
using StackExchange.Redis;

namespace Shop.Cart.Features.Shared;

/// <summary>
/// Answers every cart endpoint's dependency failure with 503 and a <c>Retry-After</c> header instead of a 500: the
/// catalog or order module not answering (<see cref="DependencyUnavailableException"/>) and Redis being unreachable.
/// Every cart request is safe to repeat (a checkout with the same idempotency key included), so a client can follow
/// the header blindly.
/// </summary>
internal sealed class DependencyFailureFilter(CartMetrics metrics, ILogger<DependencyFailureFilter> logger) : IEndpointFilter
{
    /// <summary>Seconds a client should wait before trying again; long enough for a replica restart or a broker failover.</summary>
    public const int RetryAfterSeconds = 5;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (DependencyUnavailableException ex)
        {
            // The component that threw has logged and counted the failure with its details.
            return Unavailable(context.HttpContext, ex.Title, ex.Message);
        }
        catch (Exception ex) when (IsRedisUnavailable(ex))
        {
            metrics.DependencyFailed(Dependencies.Redis);
            var request = context.HttpContext.Request;
            logger.RedisUnavailable(request.Method, request.Path, ex);
            return Unavailable(context.HttpContext, "The cart is unavailable, try again.",
                "The cart storage did not answer in time. Send the request again: every cart request may be repeated safely.");
        }
    }

    /// <summary>
    /// Redis failures that mean "not reachable now": no connection (commands fail fast while disconnected) or no answer
    /// in time. A script error (<see cref="RedisServerException"/>) is a bug and stays a 500.
    /// </summary>
    public static bool IsRedisUnavailable(Exception exception) =>
        exception is RedisConnectionException or RedisTimeoutException;

    private static ProblemHttpResult Unavailable(HttpContext httpContext, string title, string detail)
    {
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: title, detail: detail);
    }
}

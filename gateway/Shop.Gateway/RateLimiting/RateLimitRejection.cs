using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Shop.Gateway.Observability;

namespace Shop.Gateway.RateLimiting;

/// <summary>Answers a throttled request: 429, a <c>Retry-After</c> in whole seconds and a problem document.</summary>
internal sealed class RateLimitRejection(GatewayMetrics metrics, IProblemDetailsService problems, ILogger<RateLimitRejection> logger)
{
    public async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken _)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        // Retry-After carries whole seconds; rounding up keeps a well-behaved client from coming back too early.
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);

        var kind = ClientPartition.For(context).Kind;
        metrics.RequestRateLimited(kind);
        GatewayLog.RequestRateLimited(logger, kind, seconds);

        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"The request rate limit for this client was exceeded. Retry after {seconds} s.",
            },
        });
    }
}

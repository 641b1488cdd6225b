using Microsoft.AspNetCore.Http.Features;
using Shop.Gateway.Observability;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Shop.Gateway.Proxy;

/// <summary>
/// Sends a GET or HEAD again, to another replica, when the chosen one failed at the transport level before any response
/// (connection refused or reset). Between a replica dying and the health checks noticing, this is what keeps its share of
/// the traffic from turning into client-visible 502s.
/// </summary>
/// <remarks>
/// It sits in the proxy pipeline before load balancing and the passive health check, so every attempt is load balanced
/// afresh and every failed attempt is still reported to the passive health check, which then ejects the replica.
/// Only safe methods without a body are retried: nothing has been consumed from the client, and repeating them cannot
/// change state. Timeouts are not retried: the replica may still be working on the request, and a second attempt
/// doubles both the client's wait and the load on a struggling service.
/// </remarks>
internal sealed class TransportFailureRetryMiddleware(
    RequestDelegate next, GatewayOptions options, GatewayMetrics metrics, ILogger<TransportFailureRetryMiddleware> logger)
{
    private readonly int _maxRetries = options.Upstream.MaxRetries;

    public Task InvokeAsync(HttpContext context) =>
        _maxRetries > 0 && IsReplayable(context) && context.GetReverseProxyFeature().AvailableDestinations.Count > 1
            ? InvokeWithRetriesAsync(context)
            : next(context);

    private async Task InvokeWithRetriesAsync(HttpContext context)
    {
        var proxy = context.GetReverseProxyFeature();
        // Load balancing narrows AvailableDestinations down to the one it picked; keep the full healthy set for retries.
        var candidates = proxy.AvailableDestinations;

        await next(context);

        List<DestinationState>? failed = null;
        for (var attempt = 1; attempt <= _maxRetries && FailedBeforeResponse(context); attempt++)
        {
            var destination = proxy.ProxiedDestination;
            if (destination is null)
            {
                return;
            }
            failed ??= new List<DestinationState>(_maxRetries + 1);
            failed.Add(destination);

            var remaining = Remaining(candidates, failed);
            if (remaining.Count == 0)
            {
                return;
            }

            var clusterId = proxy.Cluster.Config.ClusterId;
            GatewayLog.RetryingOnAnotherDestination(logger, context.Request.Method, context.Request.Path.Value ?? "/",
                destination.DestinationId, clusterId, context.Features.GetRequiredFeature<IForwarderErrorFeature>().Error, attempt);
            metrics.RetryAttempted(clusterId);

            // Undo what the failed attempt left behind; the forwarder refuses to run on a response that has a status set.
            context.Features.Set<IForwarderErrorFeature>(null);
            context.Response.StatusCode = StatusCodes.Status200OK;
            proxy.AvailableDestinations = remaining;

            await next(context);
        }
    }

    private static bool IsReplayable(HttpContext context) =>
        (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
        && context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != true;

    private static bool FailedBeforeResponse(HttpContext context) =>
        context.Features.Get<IForwarderErrorFeature>()?.Error == ForwarderError.Request
        && !context.Response.HasStarted
        && !context.RequestAborted.IsCancellationRequested;

    private static List<DestinationState> Remaining(IReadOnlyList<DestinationState> candidates, List<DestinationState> failed)
    {
        var remaining = new List<DestinationState>(candidates.Count);
        foreach (var candidate in candidates)
        {
            // The passive check may have ejected more replicas while this request was in flight.
            if (!failed.Contains(candidate)
                && candidate.Health.Active != DestinationHealth.Unhealthy
                && candidate.Health.Passive != DestinationHealth.Unhealthy)
            {
                remaining.Add(candidate);
            }
        }
        return remaining;
    }
}

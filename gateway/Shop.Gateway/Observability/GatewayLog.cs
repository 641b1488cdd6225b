using Yarp.ReverseProxy.Forwarder;

namespace Shop.Gateway.Observability;

/// <summary>
/// Every log line the gateway writes. Event ids are stable (the gateway owns 6000-6999: 61xx proxying, 62xx requests
/// refused before proxying, 63xx the demo token issuer), so alerts and queries can match on them rather than on text.
/// </summary>
internal static partial class GatewayLog
{
    [LoggerMessage(EventId = 6101, Level = LogLevel.Warning,
        Message = "{Method} {Path}: destination {DestinationId} of cluster {ClusterId} failed ({Error}); retrying on another replica, attempt {Attempt}")]
    public static partial void RetryingOnAnotherDestination(
        ILogger logger, string method, string path, string destinationId, string clusterId, ForwarderError error, int attempt);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Information,
        Message = "Forwarding {Method} {Path} to cluster {ClusterId} failed with {Error}; answering {StatusCode}")]
    public static partial void ProxyFailed(ILogger logger, string method, string path, string clusterId, ForwarderError error, int statusCode);

    [LoggerMessage(EventId = 6201, Level = LogLevel.Debug,
        Message = "Rate limit exceeded for {Partition} client; retry after {RetryAfterSeconds} s")]
    public static partial void RequestRateLimited(ILogger logger, string partition, int retryAfterSeconds);

    [LoggerMessage(EventId = 6202, Level = LogLevel.Debug,
        Message = "Request body of {ContentLength} bytes exceeds the {Limit} byte limit")]
    public static partial void RequestBodyTooLarge(ILogger logger, long contentLength, long limit);

    [LoggerMessage(EventId = 6203, Level = LogLevel.Debug,
        Message = "Presented bearer token not accepted ({Reason}); the request is counted against its address")]
    public static partial void PresentedTokenRejected(ILogger logger, string reason);

    [LoggerMessage(EventId = 6301, Level = LogLevel.Debug, Message = "Issued a buyer token for {BuyerId}")]
    public static partial void BuyerTokenIssued(ILogger logger, string buyerId);

    [LoggerMessage(EventId = 6302, Level = LogLevel.Information, Message = "Issued an admin token for {BuyerId}")]
    public static partial void AdminTokenIssued(ILogger logger, string buyerId);

    [LoggerMessage(EventId = 6303, Level = LogLevel.Warning, Message = "Refused an admin token for {BuyerId}: {Reason}")]
    public static partial void AdminTokenRefused(ILogger logger, string buyerId, string reason);
}

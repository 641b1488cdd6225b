using Yarp.ReverseProxy.Forwarder;

namespace Shop.Gateway.Observability;

/// <summary>Source-generated log messages; the event ids are stable so alerts and queries can rely on them.</summary>
internal static partial class GatewayLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning,
        Message = "{Method} {Path}: destination {DestinationId} of cluster {ClusterId} failed ({Error}); retrying on another replica, attempt {Attempt}")]
    public static partial void RetryingOnAnotherDestination(
        ILogger logger, string method, string path, string destinationId, string clusterId, ForwarderError error, int attempt);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information,
        Message = "Forwarding {Method} {Path} to cluster {ClusterId} failed with {Error}; answering {StatusCode}")]
    public static partial void ProxyFailed(ILogger logger, string method, string path, string clusterId, ForwarderError error, int statusCode);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Debug,
        Message = "Rate limit exceeded for {Partition} client; retry after {RetryAfterSeconds} s")]
    public static partial void RequestRateLimited(ILogger logger, string partition, int retryAfterSeconds);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Debug,
        Message = "Request body of {ContentLength} bytes exceeds the {Limit} byte limit")]
    public static partial void RequestBodyTooLarge(ILogger logger, long contentLength, long limit);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Debug,
        Message = "Presented bearer token not accepted ({Reason}); the request is counted against its address")]
    public static partial void PresentedTokenRejected(ILogger logger, string reason);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Issued a buyer token for {BuyerId}")]
    public static partial void BuyerTokenIssued(ILogger logger, string buyerId);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Issued an admin token for {BuyerId}")]
    public static partial void AdminTokenIssued(ILogger logger, string buyerId);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Refused an admin token for {BuyerId}: {Reason}")]
    public static partial void AdminTokenRefused(ILogger logger, string buyerId, string reason);
}

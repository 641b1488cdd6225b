using Microsoft.Extensions.Logging;

namespace Shop.Messaging.Observability;

/// <summary>
/// Log messages of Shop.Messaging. Event ids are stable (Shop.Messaging owns 5100-5199: 510x the outbox relay, 511x the
/// inbox, 512x request clients) so that alerts and queries can rely on them.
/// </summary>
internal static partial class MessagingLog
{
    [LoggerMessage(EventId = 5101, Level = LogLevel.Information,
        Message = "Outbox relay started for module {Module} ({DbContext}): batches of {BatchSize}, polling every {PollingInterval}")]
    public static partial void RelayStarted(ILogger logger, string module, string dbContext, int batchSize, TimeSpan pollingInterval);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Debug,
        Message = "Outbox relay for module {Module} published {Count} message(s)")]
    public static partial void BatchPublished(ILogger logger, string module, int count);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning,
        Message = "Outbox message {MessageId} ({MessageType}) of module {Module} failed on attempt {Attempts}; it stays pending and is retried after {RetryDelay}")]
    public static partial void PublishFailed(ILogger logger, Exception exception, Guid messageId, string messageType, string module, int attempts, TimeSpan retryDelay);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Error,
        Message = "Outbox relay for module {Module} could not run a batch; retrying in {RetryDelay}")]
    public static partial void RelayFailed(ILogger logger, Exception exception, string module, TimeSpan retryDelay);

    [LoggerMessage(EventId = 5105, Level = LogLevel.Debug,
        Message = "Outbox cleanup for module {Module} deleted {OutboxRows} sent outbox row(s) and {InboxRows} inbox row(s)")]
    public static partial void CleanupCompleted(ILogger logger, string module, int outboxRows, int inboxRows);

    [LoggerMessage(EventId = 5106, Level = LogLevel.Information,
        Message = "Outbox relay for module {Module} stopped")]
    public static partial void RelayStopped(ILogger logger, string module);

    [LoggerMessage(EventId = 5111, Level = LogLevel.Debug,
        Message = "Message {MessageId} was already processed by {Consumer}; skipped the duplicate")]
    public static partial void DuplicateSkipped(ILogger logger, Guid messageId, string consumer);

    [LoggerMessage(EventId = 5112, Level = LogLevel.Warning,
        Message = "Message {MessageId} committed in {Consumer}, but its after-commit work failed; the change stands and the message is not retried")]
    public static partial void CommittedHookFailed(ILogger logger, Exception exception, Guid messageId, string consumer);

    [LoggerMessage(EventId = 5121, Level = LogLevel.Information,
        Message = "Response endpoint for request clients started")]
    public static partial void ResponseEndpointStarted(ILogger logger);

    [LoggerMessage(EventId = 5122, Level = LogLevel.Warning,
        Message = "Starting the response endpoint for request clients failed; trying again")]
    public static partial void ResponseEndpointWarmUpFailed(ILogger logger, Exception exception);
}

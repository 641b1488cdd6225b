using Microsoft.Extensions.Logging;

namespace Shop.Reporting.Diagnostics;

/// <summary>
/// Every log line the module writes. Event ids are stable (the reporting module owns 4000-4999), so alerts and queries
/// can match on them rather than on message text.
/// </summary>
internal static partial class ReportingLog
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Debug, Message = "{EventType} for order {OrderId} applied; the order is {Status}")]
    public static partial void OrderEventApplied(this ILogger logger, string eventType, Guid orderId, string status);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Debug, Message = "{EventType} for order {OrderId} changes nothing ({Outcome}); the order is {Status}")]
    public static partial void OrderEventSkipped(this ILogger logger, string eventType, Guid orderId, string outcome, string status);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "{EventType} for order {OrderId} contradicts its recorded final status {Status}; ignored, the first final status stands")]
    public static partial void OrderEventConflicting(this ILogger logger, string eventType, Guid orderId, string status);

    [LoggerMessage(EventId = 4201, Level = LogLevel.Information, Message = "Rollup compacted {MinuteBuckets} minute buckets before {Cutoff:O} into {HourBuckets} hour buckets in {ElapsedMs} ms")]
    public static partial void RollupCompleted(this ILogger logger, long minuteBuckets, DateTimeOffset cutoff, long hourBuckets, long elapsedMs);

    [LoggerMessage(EventId = 4301, Level = LogLevel.Information, Message = "Rebuilding the reports from the order database; consumers wait until it commits")]
    public static partial void RebuildStarted(this ILogger logger);

    [LoggerMessage(EventId = 4302, Level = LogLevel.Information, Message = "Reports rebuilt from {OrderCount} orders ({ProductCount} products, {MinuteBuckets} minute buckets) in {ElapsedMs} ms")]
    public static partial void RebuildCompleted(this ILogger logger, long orderCount, int productCount, int minuteBuckets, long elapsedMs);

    [LoggerMessage(EventId = 4303, Level = LogLevel.Warning, Message = "The rebuild found {ConflictCount} events contradicting an order's final status; they were ignored as the consumers would have")]
    public static partial void RebuildConflicts(this ILogger logger, long conflictCount);

    [LoggerMessage(EventId = 4401, Level = LogLevel.Warning, Message = "Fault endpoints enabled ({Switch}) in the {Environment} environment: administrators can make this process burn CPU")]
    public static partial void FaultEndpointsEnabled(this ILogger logger, string @switch, string environment);

    [LoggerMessage(EventId = 4402, Level = LogLevel.Warning, Message = "CPU hog started: {Threads} threads spinning for {Seconds} s, until {EndsAt:O}")]
    public static partial void CpuHogStarted(this ILogger logger, int threads, double seconds, DateTimeOffset endsAt);

    [LoggerMessage(EventId = 4403, Level = LogLevel.Information, Message = "CPU hog of {Threads} threads ended ({Reason})")]
    public static partial void CpuHogStopped(this ILogger logger, int threads, string reason);
}

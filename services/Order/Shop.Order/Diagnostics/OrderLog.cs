using Microsoft.Extensions.Logging;

namespace Shop.Order.Diagnostics;

/// <summary>
/// Every log line the module writes. Event ids are stable (the order module owns 3000-3999), so alerts and queries
/// can match on them rather than on message text.
/// </summary>
internal static partial class OrderLog
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Order {OrderId} submitted by buyer {BuyerId}: {LineCount} line(s), total {Total}")]
    public static partial void OrderSubmitted(this ILogger logger, Guid orderId, string buyerId, int lineCount, decimal total);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Order {OrderId} had already been submitted by buyer {BuyerId}; answered with the existing order")]
    public static partial void OrderAlreadySubmitted(this ILogger logger, Guid orderId, string buyerId);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Information, Message = "Submission of order {OrderId} rejected ({Reason}): {Detail}")]
    public static partial void SubmissionRejected(this ILogger logger, Guid orderId, string reason, string detail);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "Stock reserved for order {OrderId}; payment requested")]
    public static partial void StockReserved(this ILogger logger, Guid orderId);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Information, Message = "Order {OrderId} confirmed: total {Total}, {LatencySeconds:0.###} s after checkout")]
    public static partial void OrderConfirmed(this ILogger logger, Guid orderId, decimal total, double latencySeconds);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Information, Message = "Order {OrderId} cancelled: {Reason}")]
    public static partial void OrderCancelled(this ILogger logger, Guid orderId, string reason);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Debug, Message = "{Trigger} for order {OrderId} ignored: the order is already {State}")]
    public static partial void StaleEventIgnored(this ILogger logger, string trigger, Guid orderId, string state);

    [LoggerMessage(EventId = 3205, Level = LogLevel.Warning, Message = "{Trigger} for order {OrderId} ignored: the order is only {State}, which the checkout flow never allows")]
    public static partial void PrematureEventIgnored(this ILogger logger, string trigger, Guid orderId, string state);

    [LoggerMessage(EventId = 3206, Level = LogLevel.Warning, Message = "{Trigger} names order {OrderId}, which does not exist; ignored")]
    public static partial void UnknownOrder(this ILogger logger, string trigger, Guid orderId);

    [LoggerMessage(EventId = 3207, Level = LogLevel.Debug, Message = "{Trigger} {MessageId} lost a race for its order (attempt {Attempt}); reading the order again")]
    public static partial void ConcurrentChangeRetried(this ILogger logger, string trigger, Guid? messageId, int attempt);

    [LoggerMessage(EventId = 3208, Level = LogLevel.Information, Message = "Stock was reserved for order {OrderId}, which is already cancelled; asked the catalog to release it")]
    public static partial void ReleasingStockOfCancelledOrder(this ILogger logger, Guid orderId);

    [LoggerMessage(EventId = 3301, Level = LogLevel.Debug, Message = "Payment of {Amount} for order {OrderId} {Outcome} after {ElapsedMs} ms")]
    public static partial void PaymentProcessed(this ILogger logger, decimal amount, Guid orderId, string outcome, long elapsedMs);
}

using Microsoft.Extensions.Logging;

namespace Shop.Cart.Diagnostics;

/// <summary>
/// Every log line the module writes. Event ids are stable (the cart owns 2000-2999), so alerts and queries can match
/// on them rather than on message text.
/// </summary>
internal static partial class CartLog
{
    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "The catalog did not answer a price lookup of {ProductCount} product(s) ({Reason}); answering 503")]
    public static partial void CatalogUnavailable(this ILogger logger, int productCount, string reason, Exception exception);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "The order module did not accept order {OrderId} ({Reason}); answering 503, a retry with the same key sends the same order")]
    public static partial void OrderModuleUnavailable(this ILogger logger, Guid orderId, string reason, Exception exception);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Warning, Message = "Redis failed during {Method} {Path}; answering 503")]
    public static partial void RedisUnavailable(this ILogger logger, string method, string path, Exception exception);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Warning, Message = "CartItemAdded for product {ProductId} was not published; the cart is saved, only the funnel statistic misses it")]
    public static partial void ItemAddedNotPublished(this ILogger logger, Guid productId, Exception exception);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "Checkout accepted: order {OrderId} with {LineCount} line(s), created {Created}")]
    public static partial void CheckoutAccepted(this ILogger logger, Guid orderId, int lineCount, bool created);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Debug, Message = "Checkout of order {OrderId} repeated with its idempotency key; sending the order kept from the first attempt")]
    public static partial void CheckoutRepeated(this ILogger logger, Guid orderId);

    [LoggerMessage(EventId = 2205, Level = LogLevel.Warning, Message = "Checkout of order {OrderId} was rejected by the order module ({Reason}): {Detail}")]
    public static partial void CheckoutRejected(this ILogger logger, Guid orderId, string reason, string detail);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Information, Message = "Removed {Count} product(s) that left the catalog from a cart: {ProductIds}")]
    public static partial void DiscontinuedProductsRemoved(this ILogger logger, int count, string productIds);

    [LoggerMessage(EventId = 2204, Level = LogLevel.Warning, Message = "Could not remove {Count} product(s) that left the catalog from a cart; the next read tries again")]
    public static partial void DiscontinuedProductsNotRemoved(this ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = 2301, Level = LogLevel.Information, Message = "Order {OrderId} confirmed; its products were taken out of the cart ({Outcome})")]
    public static partial void ConfirmedOrderApplied(this ILogger logger, Guid orderId, string outcome);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Debug, Message = "Confirmation of order {OrderId} (message {MessageId}) was already applied; skipped the duplicate")]
    public static partial void ConfirmedOrderDuplicate(this ILogger logger, Guid orderId, Guid? messageId);
}

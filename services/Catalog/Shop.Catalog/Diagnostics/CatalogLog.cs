using Microsoft.Extensions.Logging;

namespace Shop.Catalog.Diagnostics;

/// <summary>
/// Every log line the module writes. Event ids are stable (the catalog owns 1000-1999), so alerts and queries
/// can match on them rather than on message text.
/// </summary>
internal static partial class CatalogLog
{
    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Seeded {CategoryCount} categories and {ProductCount} products in {ElapsedMs} ms")]
    public static partial void CatalogSeeded(this ILogger logger, int categoryCount, int productCount, long elapsedMs);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Catalog already holds {ProductCount} products; seeding skipped")]
    public static partial void SeedingSkipped(this ILogger logger, long productCount);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Catalog has {CategoryCount} categories but no products; seeding skipped to avoid mixing seed data with hand-made data")]
    public static partial void SeedingSkippedPartialCatalog(this ILogger logger, long categoryCount);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Redis failed ({Operation} for product {ProductId}); product reads are served from PostgreSQL until it answers again")]
    public static partial void CacheUnavailable(this ILogger logger, string operation, Guid productId, Exception exception);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Debug, Message = "Redis still failing ({Operation} for product {ProductId}): {Reason}")]
    public static partial void CacheStillUnavailable(this ILogger logger, string operation, Guid productId, string reason);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "Removing product {ProductId} from Redis failed; readers may see the old value until the entry expires")]
    public static partial void CacheInvalidationFailed(this ILogger logger, Guid productId, Exception exception);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Warning, Message = "Cached entry of product {ProductId} could not be read; reloading it from PostgreSQL")]
    public static partial void CacheEntryUnreadable(this ILogger logger, Guid productId, Exception exception);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Information, Message = "Redis answers again; product reads use the cache")]
    public static partial void CacheAvailableAgain(this ILogger logger);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Warning, Message = "Redis failed ({Operation} for {ProductCount} products); product reads are served from PostgreSQL until it answers again")]
    public static partial void CacheBatchUnavailable(this ILogger logger, string operation, int productCount, Exception exception);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Debug, Message = "Redis still failing ({Operation} for {ProductCount} products): {Reason}")]
    public static partial void CacheBatchStillUnavailable(this ILogger logger, string operation, int productCount, string reason);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Price of product {ProductId} changed to {Price}")]
    public static partial void PriceChanged(this ILogger logger, Guid productId, decimal price);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "Product {ProductId} restocked with {Quantity} units; stock is {Stock}")]
    public static partial void Restocked(this ILogger logger, Guid productId, int quantity, int stock);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Information, Message = "Product {ProductId} was changed concurrently; retrying (attempt {Attempt})")]
    public static partial void ConcurrentUpdateRetried(this ILogger logger, Guid productId, int attempt);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Warning, Message = "Product {ProductId} kept changing concurrently; gave up after {Attempts} attempts")]
    public static partial void ConcurrentUpdateGaveUp(this ILogger logger, Guid productId, int attempts);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Debug, Message = "Reserved {Units} units of {ProductCount} products for order {OrderId}")]
    public static partial void StockReserved(this ILogger logger, Guid orderId, long units, int productCount);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Information, Message = "Stock reservation for order {OrderId} failed; unavailable products: {UnavailableProductIds}")]
    public static partial void StockReservationFailed(this ILogger logger, Guid orderId, string unavailableProductIds);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Information, Message = "Order {OrderId} already holds a reservation; answered from it instead of reserving again")]
    public static partial void ReservationAlreadyExists(this ILogger logger, Guid orderId);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Warning, Message = "ReserveStock for order {OrderId} is malformed ({Problem}); answered with StockReservationFailed")]
    public static partial void ReservationRequestInvalid(this ILogger logger, Guid orderId, string problem);

    [LoggerMessage(EventId = 1305, Level = LogLevel.Information, Message = "Released {Units} units of {ProductCount} products reserved for order {OrderId}")]
    public static partial void StockReleased(this ILogger logger, Guid orderId, long units, int productCount);

    [LoggerMessage(EventId = 1306, Level = LogLevel.Information, Message = "Nothing left to release for order {OrderId}; answered with an empty StockReleased")]
    public static partial void NothingToRelease(this ILogger logger, Guid orderId);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "GetProductSnapshots rejected: {Problem}")]
    public static partial void SnapshotRequestRejected(this ILogger logger, string problem);
}

using System.Diagnostics.Metrics;

namespace Shop.Catalog.Diagnostics;

/// <summary>
/// The module's instruments, on one Meter named <see cref="MeterName"/> (exported because it matches "Shop.*").
/// Prometheus sees them as <c>shop_catalog_cache_hits_total</c> and so on.
/// </summary>
internal sealed class CatalogMetrics
{
    public const string MeterName = "Shop.Catalog";
    public const string CacheHits = "shop.catalog.cache.hits";
    public const string CacheMisses = "shop.catalog.cache.misses";
    public const string CacheErrors = "shop.catalog.cache.errors";
    public const string PriceChanges = "shop.catalog.price_changes";
    public const string Restocks = "shop.catalog.restocks";
    public const string RestockedUnits = "shop.catalog.restocked_units";

    /// <summary>Tag on <see cref="CacheErrors"/>: which cache operation failed (get, decode, set, delete).</summary>
    public const string OperationTag = "operation";

    private readonly Counter<long> _cacheHits;
    private readonly Counter<long> _cacheMisses;
    private readonly Counter<long> _cacheErrors;
    private readonly Counter<long> _priceChanges;
    private readonly Counter<long> _restocks;
    private readonly Counter<long> _restockedUnits;

    public CatalogMetrics(IMeterFactory meterFactory)
    {
        // Meters from the factory are owned by the host's container, so two hosts in one process (tests) stay apart.
        var meter = meterFactory.Create(MeterName);
        _cacheHits = meter.CreateCounter<long>(CacheHits, "{lookup}", "Product reads answered from Redis.");
        _cacheMisses = meter.CreateCounter<long>(CacheMisses, "{lookup}", "Product reads not found in Redis and loaded from PostgreSQL.");
        _cacheErrors = meter.CreateCounter<long>(CacheErrors, "{error}", "Cache operations that failed; reads fell back to PostgreSQL.");
        _priceChanges = meter.CreateCounter<long>(PriceChanges, "{change}", "Product prices changed by an administrator.");
        _restocks = meter.CreateCounter<long>(Restocks, "{restock}", "Restocks recorded by an administrator.");
        _restockedUnits = meter.CreateCounter<long>(RestockedUnits, "{unit}", "Units added to stock by restocks.");
    }

    public void CacheHit() => _cacheHits.Add(1);

    public void CacheMiss() => _cacheMisses.Add(1);

    public void CacheError(string operation) => _cacheErrors.Add(1, new KeyValuePair<string, object?>(OperationTag, operation));

    public void PriceChanged() => _priceChanges.Add(1);

    public void Restocked(int quantity)
    {
        _restocks.Add(1);
        _restockedUnits.Add(quantity);
    }
}

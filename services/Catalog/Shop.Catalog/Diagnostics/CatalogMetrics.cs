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
    public const string StockReservations = "shop.catalog.stock.reservations";
    public const string Stockouts = "shop.catalog.stock.stockouts";
    public const string ReservedUnits = "shop.catalog.stock.reserved_units";
    public const string ReleasedUnits = "shop.catalog.stock.released_units";

    /// <summary>Tag on <see cref="CacheErrors"/>: which cache operation failed (get, decode, set, delete).</summary>
    public const string OperationTag = "operation";

    /// <summary>Tag on <see cref="StockReservations"/>: <see cref="Reserved"/> or <see cref="Failed"/>.</summary>
    public const string ResultTag = "result";
    public const string Reserved = "reserved";
    public const string Failed = "failed";

    private readonly Counter<long> _cacheHits;
    private readonly Counter<long> _cacheMisses;
    private readonly Counter<long> _cacheErrors;
    private readonly Counter<long> _priceChanges;
    private readonly Counter<long> _restocks;
    private readonly Counter<long> _restockedUnits;
    private readonly Counter<long> _stockReservations;
    private readonly Counter<long> _stockouts;
    private readonly Counter<long> _reservedUnits;
    private readonly Counter<long> _releasedUnits;

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
        _stockReservations = meter.CreateCounter<long>(StockReservations, "{reservation}", "Orders whose stock was reserved in full, or not at all.");
        _stockouts = meter.CreateCounter<long>(Stockouts, "{product}", "Products that lacked stock for a reservation, counted once per failed reservation.");
        _reservedUnits = meter.CreateCounter<long>(ReservedUnits, "{unit}", "Units taken out of stock by reservations.");
        _releasedUnits = meter.CreateCounter<long>(ReleasedUnits, "{unit}", "Units put back into stock by released reservations.");
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

    public void StockReserved(long units)
    {
        _stockReservations.Add(1, new KeyValuePair<string, object?>(ResultTag, Reserved));
        _reservedUnits.Add(units);
    }

    /// <param name="stockouts">Existing products among the unavailable ones (unknown ids and invalid lines are not stockouts).</param>
    public void StockReservationFailed(int stockouts)
    {
        _stockReservations.Add(1, new KeyValuePair<string, object?>(ResultTag, Failed));
        if (stockouts > 0)
        {
            _stockouts.Add(stockouts);
        }
    }

    public void StockReleased(long units)
    {
        if (units > 0)
        {
            _releasedUnits.Add(units);
        }
    }
}

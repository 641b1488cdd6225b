using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Catalog.Contracts;
using Shop.Catalog.Diagnostics;
using StackExchange.Redis;

namespace Shop.Catalog.Caching;

/// <summary>
/// Cache-aside for product details in Redis. Redis is an optimisation, never a dependency: every Redis failure is
/// counted and answered from PostgreSQL instead. An outage is logged as a warning when it starts and as
/// information when it ends, not once per request, so it cannot flood the logs of a busy service.
/// </summary>
internal sealed class ProductCache(
    IConnectionMultiplexer redis,
    IOptions<CatalogCacheOptions> options,
    CatalogMetrics metrics,
    ILogger<ProductCache> logger)
{
    private readonly CatalogCacheOptions _options = options.Value;

    /// <summary>1 while Redis is failing, so only the first failure of an outage is logged as a warning.</summary>
    private int _failing;

    public RedisKey KeyFor(Guid productId) => $"{_options.KeyPrefix}product:{productId:D}";

    /// <summary>Returns the cached product, or loads it with <paramref name="load"/> and caches what it found.</summary>
    public async Task<ProductDetails?> GetOrLoadAsync(
        Guid productId,
        Func<Guid, CancellationToken, Task<ProductDetails?>> load,
        CancellationToken cancellationToken)
    {
        var key = KeyFor(productId);
        var redisAnswered = true;
        try
        {
            // Redis commands take no token; WaitAsync stops waiting when the request is abandoned.
            var cached = await redis.GetDatabase().StringGetAsync(key).WaitAsync(cancellationToken);
            RedisAnswered();
            if (TryDecode(productId, cached) is { } product)
            {
                metrics.CacheHit();
                return product;
            }
            metrics.CacheMiss();
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            redisAnswered = false;
            RedisFailed("get", productId, ex);
        }

        var loaded = await load(productId, cancellationToken);
        // After a failed read, writing would most likely fail too and log a second warning for the same outage.
        if (loaded is not null && redisAnswered)
        {
            await SetAsync(key, loaded, cancellationToken);
        }
        return loaded;
    }

    /// <summary>
    /// The batch form of <see cref="GetOrLoadAsync"/>: one MGET for every id, one call of <paramref name="load"/> for
    /// the ids Redis did not have, and the loaded products written back in one pipelined round trip.
    /// </summary>
    /// <param name="productIds">Distinct ids.</param>
    /// <param name="load">Loads the products that exist among the given ids.</param>
    /// <param name="cancellationToken">Stops waiting for Redis and PostgreSQL.</param>
    /// <returns>The products that exist, by id; ids that name no product are absent.</returns>
    public async Task<IReadOnlyDictionary<Guid, ProductDetails>> GetOrLoadManyAsync(
        IReadOnlyList<Guid> productIds,
        Func<IReadOnlyList<Guid>, CancellationToken, Task<List<ProductDetails>>> load,
        CancellationToken cancellationToken)
    {
        var found = new Dictionary<Guid, ProductDetails>(productIds.Count);
        if (productIds.Count == 0)
        {
            return found;
        }

        var redisAnswered = true;
        try
        {
            var cached = await redis.GetDatabase().StringGetAsync([.. productIds.Select(KeyFor)]).WaitAsync(cancellationToken);
            RedisAnswered();
            for (var i = 0; i < productIds.Count; i++)
            {
                if (TryDecode(productIds[i], cached[i]) is { } product)
                {
                    metrics.CacheHit();
                    found[productIds[i]] = product;
                }
                else
                {
                    metrics.CacheMiss();
                }
            }
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            redisAnswered = false;
            RedisBatchFailed("get", productIds.Count, ex);
        }

        if (found.Count == productIds.Count)
        {
            return found;
        }
        var loaded = await load([.. productIds.Where(id => !found.ContainsKey(id))], cancellationToken);
        foreach (var product in loaded)
        {
            found[product.Id] = product;
        }
        if (loaded.Count > 0 && redisAnswered)
        {
            await SetManyAsync(loaded, cancellationToken);
        }
        return found;
    }

    /// <summary>Removes a product's entry after it changed, so the next read loads the committed state.</summary>
    public async Task InvalidateAsync(Guid productId, CancellationToken cancellationToken)
    {
        try
        {
            await redis.GetDatabase().KeyDeleteAsync(KeyFor(productId)).WaitAsync(cancellationToken);
            RedisAnswered();
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            // The write is committed and must not be reported as failed; the entry's short lifetime bounds the
            // staleness. Always a warning: unlike a failed read, it means someone may see an outdated price.
            metrics.CacheError("delete");
            Interlocked.Exchange(ref _failing, 1);
            logger.CacheInvalidationFailed(productId, ex);
        }
    }

    /// <summary>
    /// Removes the entries of several products that changed together (one order's reservation) with one DEL.
    /// </summary>
    public async Task InvalidateManyAsync(IReadOnlyCollection<Guid> productIds, CancellationToken cancellationToken)
    {
        if (productIds.Count == 0)
        {
            return;
        }
        try
        {
            await redis.GetDatabase().KeyDeleteAsync([.. productIds.Select(KeyFor)]).WaitAsync(cancellationToken);
            RedisAnswered();
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            // Same reasoning as InvalidateAsync; one warning per product, so each stale entry can be found in the logs.
            metrics.CacheError("delete");
            Interlocked.Exchange(ref _failing, 1);
            foreach (var productId in productIds)
            {
                logger.CacheInvalidationFailed(productId, ex);
            }
        }
    }

    /// <summary>A decoded entry, or <see langword="null"/> when there is none or it cannot be read (counted and logged).</summary>
    private ProductDetails? TryDecode(Guid productId, RedisValue cached)
    {
        if (cached.IsNullOrEmpty)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize((byte[])cached!, CatalogCacheJsonContext.Default.ProductDetails);
        }
        catch (JsonException ex)
        {
            // Redis works but holds an entry this version cannot read (a changed format): reload and overwrite it.
            metrics.CacheError("decode");
            logger.CacheEntryUnreadable(productId, ex);
            return null;
        }
    }

    private async Task SetManyAsync(List<ProductDetails> products, CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        // Issued back to back without awaiting each: the multiplexer pipelines them into one round trip.
        var writes = products
            .Select(product => database.StringSetAsync(
                KeyFor(product.Id),
                JsonSerializer.SerializeToUtf8Bytes(product, CatalogCacheJsonContext.Default.ProductDetails),
                TimeToLive()))
            .ToList();
        try
        {
            await Task.WhenAll(writes).WaitAsync(cancellationToken);
            RedisAnswered();
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            RedisBatchFailed("set", products.Count, ex);
        }
    }

    private async Task SetAsync(RedisKey key, ProductDetails product, CancellationToken cancellationToken)
    {
        try
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(product, CatalogCacheJsonContext.Default.ProductDetails);
            await redis.GetDatabase().StringSetAsync(key, json, TimeToLive()).WaitAsync(cancellationToken);
            RedisAnswered();
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            RedisFailed("set", product.Id, ex);
        }
    }

    private void RedisFailed(string operation, Guid productId, Exception exception)
    {
        metrics.CacheError(operation);
        if (Interlocked.Exchange(ref _failing, 1) == 0)
        {
            logger.CacheUnavailable(operation, productId, exception);
        }
        else
        {
            logger.CacheStillUnavailable(operation, productId, exception.Message);
        }
    }

    private void RedisBatchFailed(string operation, int productCount, Exception exception)
    {
        metrics.CacheError(operation);
        if (Interlocked.Exchange(ref _failing, 1) == 0)
        {
            logger.CacheBatchUnavailable(operation, productCount, exception);
        }
        else
        {
            logger.CacheBatchStillUnavailable(operation, productCount, exception.Message);
        }
    }

    private void RedisAnswered()
    {
        if (Volatile.Read(ref _failing) == 1 && Interlocked.Exchange(ref _failing, 0) == 1)
        {
            logger.CacheAvailableAgain();
        }
    }

    private TimeSpan TimeToLive()
    {
        var jitterMs = (long)_options.TimeToLiveJitter.TotalMilliseconds;
        if (jitterMs <= 0)
        {
            return _options.TimeToLive;
        }
        return _options.TimeToLive + TimeSpan.FromMilliseconds(Random.Shared.NextInt64(jitterMs + 1));
    }

    /// <summary>Failures that mean "Redis could not help this time"; a timeout is a TimeoutException, not a RedisException.</summary>
    private static bool IsRedisFailure(Exception exception) => exception is RedisException or TimeoutException;
}

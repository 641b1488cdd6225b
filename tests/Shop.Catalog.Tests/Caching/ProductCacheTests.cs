using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Shop.Catalog.Caching;
using Shop.Catalog.Contracts;
using Shop.Catalog.Diagnostics;
using Shop.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Shop.Catalog.Tests.Caching;

/// <summary>The cache on its own, against a real Redis and against a port where nothing listens.</summary>
public sealed class ProductCacheTests : IAsyncLifetime
{
    private readonly string _prefix = $"test:{Guid.NewGuid():N}:catalog:";
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly FakeLogger<ProductCache> _logger = new();
    private IConnectionMultiplexer? _redis;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
        // Cleans up through the real Redis, whichever Redis the cache under test was given.
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestServers.Redis);
        foreach (var server in redis.GetServers())
        {
            await foreach (var key in server.KeysAsync(pattern: _prefix + "*"))
            {
                await redis.GetDatabase().KeyDeleteAsync(key);
            }
        }
        await _services.DisposeAsync();
    }

    private ProductCache CreateCache(string redisConfiguration)
    {
        _redis = RedisConnection.Connect(RedisConnection.ParseConfiguration(redisConfiguration, "test"));
        return new ProductCache(
            _redis,
            Options.Create(new CatalogCacheOptions { KeyPrefix = _prefix }),
            new CatalogMetrics(_services.GetRequiredService<IMeterFactory>()),
            _logger);
    }

    private MetricCollector<long> Collect(string instrument) =>
        new(_services.GetRequiredService<IMeterFactory>(), CatalogMetrics.MeterName, instrument);

    private static ProductDetails Details(Guid id) => new(id, "TST-1", "Test product", null, 9.99m, 3, "Made by a test.", null);

    [Fact]
    public async Task GetOrLoad_RedisUp_LoadsOnceThenServesFromCache()
    {
        var cache = CreateCache(TestServers.Redis);
        var id = Guid.NewGuid();
        var loads = 0;
        Task<ProductDetails?> Load(Guid productId, CancellationToken _)
        {
            loads++;
            return Task.FromResult<ProductDetails?>(Details(productId));
        }

        var first = await cache.GetOrLoadAsync(id, Load, CancellationToken.None);
        var second = await cache.GetOrLoadAsync(id, Load, CancellationToken.None);

        Assert.Equal(1, loads);
        Assert.Equal(first, second);
        Assert.DoesNotContain(_logger.Collector.GetSnapshot(), r => r.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task GetOrLoad_UnknownProduct_IsNotCached()
    {
        var cache = CreateCache(TestServers.Redis);
        var id = Guid.NewGuid();
        var loads = 0;

        for (var i = 0; i < 2; i++)
        {
            Assert.Null(await cache.GetOrLoadAsync(id, (_, _) => { loads++; return Task.FromResult<ProductDetails?>(null); }, CancellationToken.None));
        }

        Assert.Equal(2, loads);
        Assert.False(await _redis!.GetDatabase().KeyExistsAsync(cache.KeyFor(id)));
    }

    [Fact]
    public async Task Invalidate_CachedProduct_RemovesEntry()
    {
        var cache = CreateCache(TestServers.Redis);
        var id = Guid.NewGuid();
        await cache.GetOrLoadAsync(id, (productId, _) => Task.FromResult<ProductDetails?>(Details(productId)), CancellationToken.None);
        Assert.True(await _redis!.GetDatabase().KeyExistsAsync(cache.KeyFor(id)));

        await cache.InvalidateAsync(id, CancellationToken.None);

        Assert.False(await _redis.GetDatabase().KeyExistsAsync(cache.KeyFor(id)));
    }

    [Fact]
    public async Task GetOrLoad_RedisDown_LoadsEveryTimeCountsEveryFailureAndWarnsOnce()
    {
        var cache = CreateCache($"127.0.0.1:{FreePort.Next()},connectTimeout=1000");
        using var errors = Collect(CatalogMetrics.CacheErrors);
        var loads = 0;

        for (var i = 0; i < 3; i++)
        {
            var product = await cache.GetOrLoadAsync(
                Guid.NewGuid(),
                (productId, _) => { loads++; return Task.FromResult<ProductDetails?>(Details(productId)); },
                CancellationToken.None);
            Assert.NotNull(product);
        }

        Assert.Equal(3, loads);
        Assert.Equal(3, errors.GetMeasurementSnapshot().EvaluateAsCounter());
        var warnings = _logger.Collector.GetSnapshot().Where(r => r.Level == LogLevel.Warning).ToList();
        Assert.Equal(1101, Assert.Single(warnings).Id.Id);
    }

    [Fact]
    public async Task Invalidate_RedisDown_DoesNotThrowAndWarns()
    {
        var cache = CreateCache($"127.0.0.1:{FreePort.Next()},connectTimeout=1000");
        using var errors = Collect(CatalogMetrics.CacheErrors);

        await cache.InvalidateAsync(Guid.NewGuid(), CancellationToken.None);

        Assert.Equal(1, errors.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Contains(_logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Id.Id == 1103);
    }
}

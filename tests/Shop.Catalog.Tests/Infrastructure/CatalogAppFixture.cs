using System.Net.Http.Headers;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Shop.Catalog.Domain;
using Shop.Catalog.Persistence;
using Shop.ServiceDefaults.Commands;
using StackExchange.Redis;

namespace Shop.Catalog.Tests.Infrastructure;

/// <summary>
/// One catalog host per test class, with its own freshly migrated and seeded database, its own Redis key prefix and its
/// own RabbitMQ virtual host, all removed afterwards. Tests that change data create their own products with
/// <see cref="CreateProductAsync"/>; tests that talk to the catalog over the bus use <see cref="BusAsync"/>.
/// </summary>
public class CatalogAppFixture : IAsyncLifetime, IAsyncDisposable
{
    private readonly SemaphoreSlim _busStart = new(1, 1);
    private readonly PostgresTestDatabase _database = PostgresTestDatabase.Reserve("catalog_test");
    private CatalogApplicationFactory? _factory;
    private ConnectionMultiplexer? _redis;
    private RabbitMqVirtualHost? _virtualHost;
    private BusProbe? _bus;

    /// <summary>The host's database: created by the module's <c>migrate</c> command, dropped with the fixture.</summary>
    public string DatabaseName => _database.Name;

    public string CacheKeyPrefix { get; } = $"test:{Guid.NewGuid():N}:catalog:";

    internal TestTokens Tokens { get; } = new();

    public IServiceProvider Services => Factory.Services;

    internal CatalogApplicationFactory Factory => _factory ?? throw new InvalidOperationException("The fixture is not initialised.");

    /// <summary>The Redis the host under test uses; a subclass points it at a closed port.</summary>
    protected virtual string HostRedisConfiguration => TestServers.Redis;

    internal RabbitMqVirtualHost VirtualHost => _virtualHost ?? throw new InvalidOperationException("The fixture is not initialised.");

    public async Task InitializeAsync()
    {
        _virtualHost = await RabbitMqVirtualHost.CreateAsync("shop-catalog-tests");
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:Catalog"] = _database.ConnectionString,
            ["ConnectionStrings:Redis"] = HostRedisConfiguration,
            ["ConnectionStrings:RabbitMq"] = _virtualHost.AmqpUri,
            // A commit wakes the relay at once; the short poll only matters for the rare wake-up that is missed.
            ["Messaging:Outbox:PollingInterval"] = "00:00:00.200",
            ["Catalog:Cache:KeyPrefix"] = CacheKeyPrefix,
            ["Auth:SigningKey"] = Tokens.SigningKey,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Shop:LogFormat"] = "simple",
        };
        await MigrateBeforeFirstStartAsync(settings);
        _factory = new CatalogApplicationFactory(settings);
        _redis = await ConnectionMultiplexer.ConnectAsync(TestServers.Redis);
    }

    /// <summary>
    /// Creates, migrates and seeds the database with the module's <c>migrate</c> command before the host under test
    /// starts, in the order of a deployment (the migrate job, then the replicas), so the outbox relay never polls a
    /// database or table that does not exist yet. Like <c>Shop.Catalog.Host.dll migrate</c>, the host that runs the
    /// command is built but never started.
    /// </summary>
    private static async Task MigrateBeforeFirstStartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        builder.AddCatalogModule();
        await using var host = builder.Build();
        foreach (var command in host.Services.GetServices<IHostCommand>().Where(c => c.Name == "migrate"))
        {
            await command.RunAsync(CancellationToken.None);
        }
    }

    /// <summary>Runs the host's <c>migrate</c> command again, as <c>Shop.Catalog.Host.dll migrate</c> would.</summary>
    public async Task RunMigrateAsync()
    {
        var commands = Services.GetServices<IHostCommand>().Where(c => c.Name == "migrate").ToList();
        Assert.NotEmpty(commands);
        foreach (var command in commands)
        {
            await command.RunAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// The test's own bus on the host's virtual host, started on first use once the host's bus is connected, so that
    /// the catalog's queues and subscriptions exist before the first command or request is sent.
    /// </summary>
    internal async Task<BusProbe> BusAsync()
    {
        await _busStart.WaitAsync();
        try
        {
            if (_bus is null)
            {
                await WaitUntilBusConnectedAsync();
                _bus = await BusProbe.StartAsync(VirtualHost.AmqpUri);
            }
            return _bus;
        }
        finally
        {
            _busStart.Release();
        }
    }

    /// <summary>
    /// Waits until the host's bus is connected and its endpoints are ready; the bus starts in the background, and until
    /// then the host's readiness check fails on purpose.
    /// </summary>
    public async Task WaitUntilBusConnectedAsync()
    {
        var status = await Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));
        Assert.True(status == BusHealthStatus.Healthy, $"The catalog host's bus is {status} after 30 s.");
    }

    public HttpClient CreateClient(string? bearerToken = null)
    {
        var client = Factory.CreateClient();
        if (bearerToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        }
        return client;
    }

    public HttpClient CreateAdminClient() => CreateClient(Tokens.Admin());

    /// <summary>Adds a product no other test knows about, outside every seeded category.</summary>
    internal async Task<Product> CreateProductAsync(decimal price = 10.00m, int stock = 5)
    {
        var id = Guid.NewGuid();
        var product = new Product(
            id,
            $"TST-{id.ToString("N")[..12].ToUpperInvariant()}",
            $"Test product {id:N}",
            "Made by a test.",
            categoryId: null,
            price,
            stock,
            DateTimeOffset.UtcNow);
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDbContext>();
        db.Products.Add(product);
        await db.SaveChangesAsync();
        return product;
    }

    internal async Task<T> WithDbContextAsync<T>(Func<CatalogDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<CatalogDbContext>());
    }

    public IDatabase Redis => (_redis ?? throw new InvalidOperationException("The fixture is not initialised.")).GetDatabase();

    public RedisKey CacheKey(Guid productId) => $"{CacheKeyPrefix}product:{productId:D}";

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Idempotent: xunit may dispose a fixture through both of its async interfaces.</summary>
    public async Task DisposeAsync()
    {
        if (_factory is null)
        {
            return;
        }
        if (_bus is not null)
        {
            await _bus.DisposeAsync();
            _bus = null;
        }
        await _factory.DisposeAsync();
        _factory = null;
        // After the host: a virtual host deleted under a running bus makes it log connection errors while it stops.
        if (_virtualHost is not null)
        {
            await _virtualHost.DisposeAsync();
            _virtualHost = null;
        }
        if (_redis is not null)
        {
            foreach (var server in _redis.GetServers())
            {
                await foreach (var key in server.KeysAsync(pattern: CacheKeyPrefix + "*"))
                {
                    await _redis.GetDatabase().KeyDeleteAsync(key);
                }
            }
            await _redis.DisposeAsync();
            _redis = null;
        }
        await _database.DisposeAsync();
    }
}

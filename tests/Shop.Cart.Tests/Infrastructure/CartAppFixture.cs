using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Shop.Cart.Tests.Infrastructure;

/// <summary>A buyer of one test: its id (the token's subject) and a client that sends its token.</summary>
public sealed record TestBuyer(string Id, HttpClient Client) : IDisposable
{
    public void Dispose() => Client.Dispose();
}

/// <summary>
/// One cart host per test class, on its own RabbitMQ virtual host and Redis key prefix (both removed afterwards), with
/// the other modules' stand-ins (<see cref="OtherModulesHost"/>) answering on the same virtual host. Every test uses
/// buyers of its own (<see cref="NewBuyer"/>), so tests never share a cart.
/// </summary>
public class CartAppFixture : IAsyncLifetime, IAsyncDisposable
{
    private RabbitMqVirtualHost? _virtualHost;
    private OtherModulesHost? _otherModules;
    private CartApplicationFactory? _factory;
    private ConnectionMultiplexer? _redis;

    public string KeyPrefix { get; } = $"test:{Guid.NewGuid():N}:cart:";

    internal TestTokens Tokens { get; } = new();

    public IServiceProvider Services => Factory.Services;

    /// <summary>The catalog stand-in's product table.</summary>
    public FakeCatalog Catalog => OtherModules.Catalog;

    /// <summary>What the order stand-in received.</summary>
    public FakeOrders Orders => OtherModules.Orders;

    /// <summary>The cart events the reporting stand-in received.</summary>
    public FakeFunnel Funnel => OtherModules.Funnel;

    internal OtherModulesHost OtherModules => _otherModules ?? throw new InvalidOperationException("This fixture runs without the other modules.");

    internal CartApplicationFactory Factory => _factory ?? throw new InvalidOperationException("The fixture is not initialised.");

    public IDatabase Redis => (_redis ?? throw new InvalidOperationException("The fixture is not initialised.")).GetDatabase();

    /// <summary>Whether the catalog, order and reporting stand-ins run; without them nobody answers the cart's requests.</summary>
    protected virtual bool WithOtherModules => true;

    /// <summary>The Redis the host under test uses; a subclass points it at a closed port.</summary>
    protected virtual string HostRedisConfiguration => TestServers.Redis;

    /// <summary>Settings beyond the connections; short timeouts keep the "nobody answers" tests fast.</summary>
    protected virtual IReadOnlyDictionary<string, string> CartSettings { get; } = new Dictionary<string, string>
    {
        ["Cart:MaxLines"] = "5",
        ["Cart:CheckoutTimeout"] = "00:00:03",
    };

    public async Task InitializeAsync()
    {
        try
        {
            _redis = await ConnectionMultiplexer.ConnectAsync(TestServers.Redis);
            _virtualHost = await RabbitMqVirtualHost.CreateAsync("shop-cart-tests");
            if (WithOtherModules)
            {
                _otherModules = await OtherModulesHost.StartAsync(_virtualHost.AmqpUri);
            }

            var settings = new Dictionary<string, string>
            {
                ["ConnectionStrings:Redis"] = HostRedisConfiguration,
                ["ConnectionStrings:RabbitMq"] = _virtualHost.AmqpUri,
                ["Cart:KeyPrefix"] = KeyPrefix,
                ["Auth:SigningKey"] = Tokens.SigningKey,
                ["Logging:LogLevel:Default"] = "Warning",
                ["Shop:LogFormat"] = "simple",
            };
            foreach (var (key, value) in CartSettings)
            {
                settings[key] = value;
            }
            _factory = new CartApplicationFactory(settings);

            // The bus starts in the background; an OrderConfirmed published before the cart's queue is bound reaches nobody.
            var health = Services.GetRequiredService<HealthCheckService>();
            await Eventually.HoldsAsync(
                async () => (await health.CheckHealthAsync(check => check.Name == "masstransit-bus")).Status == HealthStatus.Healthy,
                "the cart's bus is ready");
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>A buyer no other test uses, with a client that sends its token.</summary>
    public TestBuyer NewBuyer()
    {
        var buyerId = $"buyer-{Guid.NewGuid():N}";
        return new TestBuyer(buyerId, CreateClient(Tokens.Buyer(buyerId)));
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

    /// <summary>The buyer's cart hash, as <c>CartKeys</c> lays it out.</summary>
    public RedisKey CartKey(string buyerId) => $"{KeyPrefix}{{{buyerId}}}";

    /// <summary>Writes lines straight into Redis, for tests whose catalog cannot answer a PUT.</summary>
    public async Task SeedCartAsync(string buyerId, params (Guid ProductId, int Quantity)[] lines)
    {
        await Redis.HashSetAsync(CartKey(buyerId), [.. lines.Select(l => new HashEntry(l.ProductId.ToString("D"), l.Quantity))]);
        await Redis.KeyExpireAsync(CartKey(buyerId), TimeSpan.FromDays(7));
    }

    /// <summary>The buyer's lines as stored in Redis.</summary>
    public async Task<Dictionary<Guid, int>> StoredCartAsync(string buyerId) =>
        (await Redis.HashGetAllAsync(CartKey(buyerId))).ToDictionary(e => Guid.Parse(e.Name.ToString()), e => (int)e.Value);

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Idempotent: xunit may dispose a fixture through both of its async interfaces.</summary>
    public async Task DisposeAsync()
    {
        var (factory, otherModules, virtualHost, redis) = (_factory, _otherModules, _virtualHost, _redis);
        (_factory, _otherModules, _virtualHost, _redis) = (null, null, null, null);
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }
        if (otherModules is not null)
        {
            await otherModules.DisposeAsync();
        }
        if (virtualHost is not null)
        {
            await virtualHost.DisposeAsync();
        }
        if (redis is not null)
        {
            foreach (var server in redis.GetServers())
            {
                await foreach (var key in server.KeysAsync(pattern: KeyPrefix + "*"))
                {
                    await redis.GetDatabase().KeyDeleteAsync(key);
                }
            }
            await redis.DisposeAsync();
        }
    }
}

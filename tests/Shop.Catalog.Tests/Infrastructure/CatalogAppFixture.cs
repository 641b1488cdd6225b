using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Shop.Catalog.Domain;
using Shop.Catalog.Persistence;
using Shop.ServiceDefaults.Commands;
using StackExchange.Redis;

namespace Shop.Catalog.Tests.Infrastructure;

/// <summary>
/// One catalog host per test class, with its own freshly migrated and seeded database and its own Redis key prefix,
/// both removed afterwards. Tests that change data create their own products with <see cref="CreateProductAsync"/>.
/// </summary>
public class CatalogAppFixture : IAsyncLifetime, IAsyncDisposable
{
    private CatalogApplicationFactory? _factory;
    private ConnectionMultiplexer? _redis;

    public string DatabaseName { get; } = $"catalog_test_{Guid.NewGuid():N}";

    public string CacheKeyPrefix { get; } = $"test:{Guid.NewGuid():N}:catalog:";

    internal TestTokens Tokens { get; } = new();

    public IServiceProvider Services => Factory.Services;

    internal CatalogApplicationFactory Factory => _factory ?? throw new InvalidOperationException("The fixture is not initialised.");

    /// <summary>The Redis the host under test uses; a subclass points it at a closed port.</summary>
    protected virtual string HostRedisConfiguration => TestServers.Redis;

    public async Task InitializeAsync()
    {
        _factory = new CatalogApplicationFactory(new Dictionary<string, string>
        {
            ["ConnectionStrings:Catalog"] = TestServers.PostgresDatabase(DatabaseName),
            ["ConnectionStrings:Redis"] = HostRedisConfiguration,
            ["Catalog:Cache:KeyPrefix"] = CacheKeyPrefix,
            ["Auth:SigningKey"] = Tokens.SigningKey,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Shop:LogFormat"] = "simple",
        });
        _redis = await ConnectionMultiplexer.ConnectAsync(TestServers.Redis);
        await RunMigrateAsync();
    }

    /// <summary>Runs the host's <c>migrate</c> command, as <c>Shop.Catalog.Host.dll migrate</c> would.</summary>
    public async Task RunMigrateAsync()
    {
        var commands = Services.GetServices<IHostCommand>().Where(c => c.Name == "migrate").ToList();
        Assert.NotEmpty(commands);
        foreach (var command in commands)
        {
            await command.RunAsync(CancellationToken.None);
        }
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
        await _factory.DisposeAsync();
        _factory = null;
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
        await DropDatabaseAsync();
    }

    private async Task DropDatabaseAsync()
    {
        await using (var pooled = new NpgsqlConnection(TestServers.PostgresDatabase(DatabaseName)))
        {
            NpgsqlConnection.ClearPool(pooled);
        }
        await using var connection = new NpgsqlConnection(TestServers.PostgresMaintenance());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}

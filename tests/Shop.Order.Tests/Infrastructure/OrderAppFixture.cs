using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Shop.Messaging.Outbox;
using Shop.Order.Domain;
using Shop.Order.Persistence;
using Shop.Persistence;
using Shop.ServiceDefaults.Commands;
using Shop.ServiceDefaults.Health;
using OrderEntity = Shop.Order.Domain.Order;

namespace Shop.Order.Tests.Infrastructure;

/// <summary>
/// One order host per test class, with its own freshly migrated database and RabbitMQ virtual host, and the
/// <see cref="NeighbourModules"/> on the same virtual host; all removed afterwards. Payments take 10 ms and are
/// declined at <see cref="PaymentFailureRate"/>. Tests use buyers and ids of their own.
/// </summary>
public class OrderAppFixture : IAsyncLifetime, IAsyncDisposable
{
    private readonly PostgresTestDatabase _database = PostgresTestDatabase.Reserve("order_test");
    private OrderApplicationFactory? _factory;
    private NeighbourModules? _neighbours;
    private RabbitMqVirtualHost? _virtualHost;

    /// <summary>The host's database: created by the module's <c>migrate</c> command, dropped with the fixture.</summary>
    public string DatabaseName => _database.Name;

    public string ConnectionString => _database.ConnectionString;

    internal TestTokens Tokens { get; } = new();

    public IServiceProvider Services => Factory.Services;

    internal NeighbourModules Neighbours => _neighbours ?? throw new InvalidOperationException("The fixture is not initialised.");

    internal OrderApplicationFactory Factory => _factory ?? throw new InvalidOperationException("The fixture is not initialised.");

    /// <summary>Share of payments the simulated provider declines in this host.</summary>
    protected virtual double PaymentFailureRate => 0;

    public async Task InitializeAsync()
    {
        _virtualHost = await RabbitMqVirtualHost.CreateAsync("shop-order-tests");
        // Migrated before the host starts, as deployments do: the outbox relay starts with the host and needs its table.
        await MigrateAsync();
        _factory = new OrderApplicationFactory(new Dictionary<string, string>
        {
            ["ConnectionStrings:Order"] = ConnectionString,
            ["ConnectionStrings:RabbitMq"] = _virtualHost.AmqpUri,
            ["Auth:SigningKey"] = Tokens.SigningKey,
            ["Order:Payment:Latency"] = "00:00:00.010",
            ["Order:Payment:FailureRate"] = PaymentFailureRate.ToString(CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Warning",
            // The fixture polls readiness until the bus is up; the failed polls before that are expected.
            ["Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks"] = "None",
            ["Shop:LogFormat"] = "simple",
        });
        var health = Services.GetRequiredService<HealthCheckService>();
        await Eventually.HoldsAsync(
            async () => (await health.CheckHealthAsync(check => check.Tags.Contains(HealthEndpoints.ReadyTag))).Status == HealthStatus.Healthy,
            "the order host is ready");
        _neighbours = await NeighbourModules.StartAsync(_virtualHost.AmqpUri);
    }

    /// <summary>Runs the module's <c>migrate</c> command on its own, as <c>Shop.Order.Host.dll migrate</c> does.</summary>
    private async Task MigrateAsync()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:" + OrderModule.DatabaseConnectionName] = ConnectionString })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddModuleDatabase(configuration, OrderModule.Database);
        await using var provider = services.BuildServiceProvider();
        await provider.GetServices<IHostCommand>().Single(command => command.Name == "migrate").RunAsync(CancellationToken.None);
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

    internal async Task<T> WithDbContextAsync<T>(Func<OrderDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<OrderDbContext>());
    }

    internal Task<OrderEntity?> FindOrderAsync(Guid orderId) =>
        WithDbContextAsync(db => db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == orderId));

    /// <summary>Waits until the order reaches <paramref name="state"/> and returns it.</summary>
    internal async Task<OrderEntity> WaitForStateAsync(Guid orderId, OrderState state)
    {
        OrderEntity? order = null;
        await Eventually.HoldsAsync(async () => (order = await FindOrderAsync(orderId))?.State == state, $"order {orderId} is {state}");
        return order!;
    }

    /// <summary>The messages of type <typeparamref name="T"/> the module staged for the order (all carry its id as CorrelationId).</summary>
    internal Task<List<OutboxMessage>> OutboxRowsAsync<T>(Guid orderId)
    {
        var messageType = $"{typeof(T).FullName}, {typeof(T).Assembly.GetName().Name}";
        return WithDbContextAsync(db => db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.CorrelationId == orderId && m.MessageType == messageType)
            .ToListAsync());
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Idempotent: xunit may dispose a fixture through both of its async interfaces.</summary>
    public async Task DisposeAsync()
    {
        var (neighbours, factory, virtualHost) = (_neighbours, _factory, _virtualHost);
        (_neighbours, _factory, _virtualHost) = (null, null, null);
        if (neighbours is not null)
        {
            await neighbours.DisposeAsync();
        }
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }
        if (virtualHost is not null)
        {
            await virtualHost.DisposeAsync();
            await _database.DisposeAsync();
        }
    }
}

/// <summary>An order host whose payment provider declines every payment.</summary>
public sealed class DecliningPaymentsFixture : OrderAppFixture
{
    protected override double PaymentFailureRate => 1;
}

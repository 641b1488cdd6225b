using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Shop.Messaging.Outbox;
using Shop.Messaging.Tests.Catalog;
using Shop.Messaging.Tests.TestModule;
using Shop.ServiceDefaults.Health;

namespace Shop.Messaging.Tests.Infrastructure;

/// <summary>What one test process (a replica, a crashed service, the monolith) is made of.</summary>
public sealed class TestHostSettings
{
    /// <summary>Runs the outbox relay of <see cref="TestDbContext"/>.</summary>
    public bool Relay { get; set; } = true;

    /// <summary>Registers the test consumers (modules <c>orders</c>, <c>catalog</c> and <c>reporting</c>).</summary>
    public bool Consumers { get; set; } = true;

    /// <summary>The bus goes to this broker address instead of the fixture's virtual host (a proxy, a closed port).</summary>
    public string? RabbitMqUri { get; set; }

    public MessagingTransport Transport { get; set; } = MessagingTransport.RabbitMq;

    /// <summary>Outbox settings; tests start from short intervals so that the suite stays fast.</summary>
    public OutboxOptions Outbox { get; } = new()
    {
        PollingInterval = TimeSpan.FromMilliseconds(200),
        MaxRetryDelay = TimeSpan.FromSeconds(1),
        PublishTimeout = TimeSpan.FromSeconds(3),
        StatisticsInterval = TimeSpan.FromMilliseconds(200),
    };
}

/// <summary>A generic host composed like a Shop service host: modules first, then <c>AddShopMessaging</c>.</summary>
public sealed class TestHost : IAsyncDisposable
{
    public const string OrdersModule = "orders";

    private readonly IHost _host;

    private TestHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    /// <summary>Builds and starts a host.</summary>
    public static async Task<TestHost> StartAsync(
        MessagingFixture fixture, DeliveryLog log, Action<TestHostSettings>? configure = null, bool waitUntilReady = true)
    {
        var host = Create(fixture, log, configure);
        await host.StartAsync(waitUntilReady);
        return host;
    }

    /// <summary>Builds a host without starting it, so a test can attach to its services (metrics) first.</summary>
    public static TestHost Create(MessagingFixture fixture, DeliveryLog log, Action<TestHostSettings>? configure = null) =>
        new(Build(fixture, log, configure));

    /// <summary>
    /// Starts the host and, unless the broker is meant to be unreachable, waits until the readiness checks pass: the bus
    /// starts in the background, and an event published before a consumer's queue is bound reaches nobody.
    /// </summary>
    public async Task StartAsync(bool waitUntilReady = true)
    {
        await _host.StartAsync();
        if (waitUntilReady)
        {
            var health = _host.Services.GetRequiredService<HealthCheckService>();
            await Eventually.HoldsAsync(
                async () => (await health.CheckHealthAsync(check => check.Tags.Contains(HealthEndpoints.ReadyTag))).Status == HealthStatus.Healthy,
                "the host is ready");
        }
    }

    public static IHost Build(MessagingFixture fixture, DeliveryLog log, Action<TestHostSettings>? configure = null)
    {
        var settings = new TestHostSettings();
        configure?.Invoke(settings);

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ApplicationName = "Shop.Messaging.Tests",
            EnvironmentName = Environments.Development,
        });
        var outbox = settings.Outbox;
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [ShopMessaging.TransportKey] = settings.Transport.ToString(),
            ["ConnectionStrings:" + ShopMessaging.RabbitMqConnectionStringName] = settings.RabbitMqUri ?? fixture.VirtualHost.AmqpUri,
            [$"{OutboxOptions.SectionName}:{nameof(OutboxOptions.BatchSize)}"] = outbox.BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [$"{OutboxOptions.SectionName}:{nameof(OutboxOptions.PollingInterval)}"] = outbox.PollingInterval.ToString(),
            [$"{OutboxOptions.SectionName}:{nameof(OutboxOptions.MaxRetryDelay)}"] = outbox.MaxRetryDelay.ToString(),
            [$"{OutboxOptions.SectionName}:{nameof(OutboxOptions.PublishTimeout)}"] = outbox.PublishTimeout.ToString(),
            [$"{OutboxOptions.SectionName}:{nameof(OutboxOptions.StatisticsInterval)}"] = outbox.StatisticsInterval.ToString(),
            [$"{OutboxOptions.SectionName}:{nameof(OutboxOptions.SentRetention)}"] = outbox.SentRetention.ToString(),
            [$"{OutboxOptions.SectionName}:{nameof(OutboxOptions.InboxRetention)}"] = outbox.InboxRetention.ToString(),
            [$"{OutboxOptions.SectionName}:{nameof(OutboxOptions.CleanupInterval)}"] = outbox.CleanupInterval.ToString(),
        });
        // Set SHOP_TEST_LOG=1 to see the hosts' logs when a test fails.
        if (Environment.GetEnvironmentVariable("SHOP_TEST_LOG") is { Length: > 0 })
        {
            builder.Logging.AddSimpleConsole(console => console.TimestampFormat = "HH:mm:ss.fff ")
                .SetMinimumLevel(LogLevel.Debug)
                .AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        }

        builder.Services.AddSingleton(log);
        // Retry on failure as production modules would; the inbox and relay must run inside the execution strategy.
        builder.Services.AddDbContext<TestDbContext>(options =>
            options.UseNpgsql(fixture.Database.ConnectionString, npgsql => npgsql.EnableRetryOnFailure()));

        builder.Services.AddModuleMessaging(OrdersModule, orders =>
        {
            if (settings.Consumers)
            {
                orders
                    .AddConsumer<OrderSubmittedConsumer>()
                    .AddConsumer<AddToCounterConsumer>()
                    .AddConsumer<CounterChangedConsumer>()
                    .AddConsumer<BreakOnPurposeConsumer>()
                    .AddConsumer<PingConsumer>();
            }
            if (settings.Relay)
            {
                orders.AddOutbox<TestDbContext>();
            }
        });
        if (settings.Consumers)
        {
            builder.Services.AddModuleMessaging("catalog", catalog => catalog.AddConsumer<ReserveStockConsumer, ReserveStockConsumerDefinition>());
            builder.Services.AddModuleMessaging("reporting", reporting => reporting.AddConsumer<Reporting.OrderSubmittedConsumer>());
        }
        builder.AddShopMessaging();
        return builder.Build();
    }

    /// <summary>Runs <paramref name="work"/> with a DbContext from a fresh scope, as an endpoint would.</summary>
    public async Task<T> InScopeAsync<T>(Func<TestDbContext, IOutbox, Task<T>> work)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TestDbContext>(), scope.ServiceProvider.GetRequiredService<IOutbox>());
    }

    /// <summary>
    /// Runs <paramref name="work"/> in an explicit transaction inside the execution strategy, as module endpoints must
    /// when their DbContext retries on failure; then saves and commits or rolls back.
    /// </summary>
    public Task<T> InTransactionAsync<T>(Func<TestDbContext, IOutbox, T> work, bool commit = true) =>
        InScopeAsync((db, outbox) => db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var result = work(db, outbox);
            await db.SaveChangesAsync();
            if (commit)
            {
                await transaction.CommitAsync();
            }
            else
            {
                await transaction.RollbackAsync();
            }
            return result;
        }));

    /// <summary>Stages with SaveChanges alone (its own implicit transaction), the other common shape.</summary>
    public Task<T> SaveAsync<T>(Func<TestDbContext, IOutbox, T> work) =>
        InScopeAsync(async (db, outbox) =>
        {
            var result = work(db, outbox);
            await db.SaveChangesAsync();
            return result;
        });

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _host.StopAsync(timeout.Token);
        _host.Dispose();
    }
}

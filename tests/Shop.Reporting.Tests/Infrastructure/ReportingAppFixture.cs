using System.Net.Http.Headers;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Shop.Reporting.Persistence;
using Shop.Reporting.Projections;
using Shop.ServiceDefaults.Commands;

namespace Shop.Reporting.Tests.Infrastructure;

/// <summary>
/// One reporting host per test class, with its own freshly migrated database and RabbitMQ virtual host (and, for
/// <see cref="ReportingWithOrderSourceFixture"/>, an order database to rebuild from), all removed afterwards. The
/// reports are global, so tests place their sales in hours of their own (<see cref="TestOrders.UniqueHour"/>), use
/// products and buyers of their own, and compare totals before and after rather than absolute values.
/// </summary>
public class ReportingAppFixture : IAsyncLifetime, IAsyncDisposable
{
    private ReportingApplicationFactory? _factory;
    private RabbitMqVirtualHost? _virtualHost;
    private EventPublisher? _publisher;
    private OrderDatabase? _orders;

    /// <summary>Named only: the module's <c>migrate</c> command creates it, as it does in a deployment.</summary>
    private readonly PostgresTestDatabase _database = PostgresTestDatabase.Reserve("reporting_test");

    public string ConnectionString => _database.ConnectionString;

    internal TestTokens Tokens { get; } = new();

    public IServiceProvider Services => Factory.Services;

    internal ReportingApplicationFactory Factory => _factory ?? throw new InvalidOperationException("The fixture is not initialised.");

    internal EventPublisher Publisher => _publisher ?? throw new InvalidOperationException("The fixture is not initialised.");

    internal OrderDatabase Orders => _orders ?? throw new InvalidOperationException("This fixture has no order database.");

    /// <summary>Whether the host gets an order database as <c>ConnectionStrings:OrderSource</c>.</summary>
    protected virtual bool WithOrderSource => false;

    /// <summary>The environment the host under test runs in.</summary>
    protected virtual string EnvironmentName => ReportingApplicationFactory.TestingEnvironment;

    /// <summary>Settings the host under test gets on top of the databases, broker and signing key (not the migration).</summary>
    protected virtual IReadOnlyDictionary<string, string> ExtraSettings { get; } = new Dictionary<string, string>();

    public async Task InitializeAsync()
    {
        _virtualHost = await RabbitMqVirtualHost.CreateAsync("shop-reporting-tests");
        if (WithOrderSource)
        {
            _orders = await OrderDatabase.CreateAsync();
        }
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:Reporting"] = ConnectionString,
            ["ConnectionStrings:RabbitMq"] = _virtualHost.AmqpUri,
            ["Auth:SigningKey"] = Tokens.SigningKey,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Shop:LogFormat"] = "simple",
        };
        if (_orders is not null)
        {
            settings["ConnectionStrings:OrderSource"] = _orders.ConnectionString;
        }
        await MigrateBeforeFirstStartAsync(settings);
        foreach (var (key, value) in ExtraSettings)
        {
            settings[key] = value;
        }
        _factory = new ReportingApplicationFactory(settings, EnvironmentName);

        // Events published before the host's queues are bound to the event exchanges would be dropped by the broker.
        var hostBus = Services.GetRequiredService<IBusControl>();
        var status = await hostBus.WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));
        Assert.True(status == BusHealthStatus.Healthy, $"The reporting host's bus is {status} after 30 s.");
        _publisher = await EventPublisher.StartAsync(_virtualHost.AmqpUri);
    }

    /// <summary>
    /// Creates and migrates the database with the module's <c>migrate</c> command before the host under test starts,
    /// in the order of a deployment (the migrate job, then the replicas). Like <c>Shop.Reporting.Host.dll migrate</c>,
    /// the host that runs the command is built but never started.
    /// </summary>
    private static async Task MigrateBeforeFirstStartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        builder.AddReportingModule();
        await using var host = builder.Build();
        foreach (var command in host.Services.GetServices<IHostCommand>().Where(c => c.Name == "migrate"))
        {
            await command.RunAsync(CancellationToken.None);
        }
    }

    /// <summary>Runs a host command (<c>migrate</c>, <c>rollup</c>, <c>rebuild</c>) of the host under test, as the command line would.</summary>
    public async Task RunCommandAsync(string name)
    {
        var commands = Services.GetServices<IHostCommand>().Where(c => c.Name == name).ToList();
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

    internal ReportsClient Reports() => new(CreateAdminClient());

    internal async Task<T> WithDbContextAsync<T>(Func<ReportingDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ReportingDbContext>());
    }

    /// <summary>What the reports record about an order, or null when they have not seen it.</summary>
    internal Task<ReportedOrder?> FindOrderAsync(Guid orderId) =>
        WithDbContextAsync(db => db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.OrderId == orderId));

    /// <summary>Waits until the reports record the order with <paramref name="status"/>, and returns the record.</summary>
    internal async Task<ReportedOrder> WaitForOrderAsync(Guid orderId, string status)
    {
        ReportedOrder? order = null;
        await Eventually.HoldsAsync(async () => (order = await FindOrderAsync(orderId))?.Status == status,
            $"the reports record order {orderId} as {status}");
        return order!;
    }

    /// <summary>Runs SQL on the reporting database directly, outside the host.</summary>
    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Idempotent: xunit may dispose a fixture through both of its async interfaces. Every resource is released even
    /// when an earlier one fails to stop, so a failing test run leaves no database or virtual host behind.
    /// </summary>
    public async Task DisposeAsync()
    {
        var (publisher, factory, virtualHost, orders) = (_publisher, _factory, _virtualHost, _orders);
        (_publisher, _factory, _virtualHost, _orders) = (null, null, null, null);
        List<Exception> failures = [];
        await ReleaseAsync(publisher is null ? null : publisher.DisposeAsync, failures);
        await ReleaseAsync(factory is null ? null : factory.DisposeAsync, failures);
        // After the host: a virtual host deleted under a running bus makes it log connection errors while it stops.
        await ReleaseAsync(virtualHost is null ? null : virtualHost.DisposeAsync, failures);
        if (virtualHost is not null)
        {
            await ReleaseAsync(_database.DisposeAsync, failures);
        }
        await ReleaseAsync(orders is null ? null : orders.DisposeAsync, failures);
        if (failures.Count > 0)
        {
            throw new AggregateException("The reporting fixture did not release everything.", failures);
        }
    }

    private static async Task ReleaseAsync(Func<ValueTask>? release, List<Exception> failures)
    {
        if (release is null)
        {
            return;
        }
        try
        {
            await release();
        }
        catch (Exception ex)
        {
            failures.Add(ex);
        }
    }
}

/// <summary>A reporting host whose <c>ConnectionStrings:OrderSource</c> is an order database of its own, for the rebuild.</summary>
public sealed class ReportingWithOrderSourceFixture : ReportingAppFixture
{
    protected override bool WithOrderSource => true;
}

using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;

namespace Shop.EndToEnd.Tests.Infrastructure;

/// <summary>What a test class deploys: replicas per service, the broker, and the simulated payment.</summary>
public sealed record DeploymentShape(
    int CatalogReplicas = 1,
    int CartReplicas = 0,
    int OrderReplicas = 0,
    int ReportingReplicas = 0,
    bool PrivateBroker = false,
    double PaymentFailureRate = 0,
    string PaymentLatency = "00:00:00.010");

/// <summary>
/// A whole Shop on this machine for one test class: service replicas and the gateway as real processes,
/// configured the way ./shop up configures them, on databases, a Redis database index and a RabbitMQ virtual
/// host of their own.
/// </summary>
public abstract class ShopDeployment : IAsyncLifetime, IAsyncDisposable
{
    public const string CatalogProject = "services/Catalog/Shop.Catalog.Host";
    public const string CartProject = "services/Cart/Shop.Cart.Host";
    public const string OrderProject = "services/Order/Shop.Order.Host";
    public const string ReportingProject = "services/Reporting/Shop.Reporting.Host";
    public const string GatewayProject = "gateway/Shop.Gateway";
    private static int s_nextRedisDatabase = 4;

    private readonly string _suffix = Guid.NewGuid().ToString("N")[..12];
    private readonly int _redisDatabase = Interlocked.Increment(ref s_nextRedisDatabase) % 16;
    private readonly string _signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
    private readonly Dictionary<string, (string Project, int Port, Dictionary<string, string> Environment)> _definitions = [];
    private readonly Dictionary<string, HostProcess> _processes = [];
    private PrivateBroker? _privateBroker;
    private bool _disposed;

    static ShopDeployment()
    {
        // The tests play a hundred browsers at once from one process; like any load generator it needs the threads
        // up front instead of waiting for the pool to grow by one a second.
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), completionPorts);
    }

    protected ShopDeployment(DeploymentShape shape) => Shape = shape;

    public DeploymentShape Shape { get; }

    public string AdminKey { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    public string CatalogDatabase => TestServers.PostgresDatabase("e2e_catalog_" + _suffix);

    public string OrderDatabase => TestServers.PostgresDatabase("e2e_order_" + _suffix);

    public string ReportingDatabase => TestServers.PostgresDatabase("e2e_reporting_" + _suffix);

    public string Redis => $"{TestServers.Redis},defaultDatabase={_redisDatabase}";

    public RabbitMqVirtualHost Broker { get; private set; } = null!;

    public PrivateBroker? PrivateBroker => _privateBroker;

    public IReadOnlyList<HostProcess> CatalogReplicas => Replicas("catalog");

    public HostProcess Gateway => _processes["gateway"];

    public HostProcess Process(string name) => _processes[name];

    public IReadOnlyList<HostProcess> Replicas(string service) =>
        _processes.Where(p => p.Key.StartsWith(service + "-", StringComparison.Ordinal)).OrderBy(p => p.Key).Select(p => p.Value).ToList();

    /// <summary>Settings a test class may tighten (rate limits, body size) on its own gateway.</summary>
    protected virtual IDictionary<string, string> GatewaySettings() => new Dictionary<string, string>();

    public HttpClient CreateGatewayClient() => new() { BaseAddress = Gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public async Task<string> TokenAsync(string buyerId, string? adminKey = null)
    {
        using var client = CreateGatewayClient();
        using var response = await client.PostAsJsonAsync("api/auth/token", new { buyerId, adminKey });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenResponse>();
        return token!.AccessToken;
    }

    /// <summary>SIGKILL, as a crash: the process gets no chance to finish what it was doing.</summary>
    public Task KillAsync(string name) => _processes[name].KillAsync();

    /// <summary>Runs a one-shot host command (such as <c>rebuild</c>) of a service with its deployment's configuration.</summary>
    public Task RunCommandAsync(string name, string command)
    {
        var (project, _, environment) = _definitions[name];
        return HostProcess.RunCommandAsync(project, environment, command);
    }

    /// <summary>Starts a killed process again with the same port and configuration, and waits until it is ready.</summary>
    public async Task RestartAsync(string name)
    {
        await _processes[name].DisposeAsync();
        var (project, port, environment) = _definitions[name];
        var process = HostProcess.Start(name, project, port, environment);
        _processes[name] = process;
        await process.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
    }

    public async Task InitializeAsync()
    {
        var (broker, management) = (TestServers.RabbitMq, TestServers.RabbitMqManagement);
        if (Shape.PrivateBroker)
        {
            _privateBroker = new PrivateBroker();
            await _privateBroker.StartAsync();
            (broker, management) = (_privateBroker.AmqpUri, _privateBroker.ManagementUri);
        }
        Broker = await RabbitMqVirtualHost.CreateAsync("shop-e2e", broker, management);

        var common = new Dictionary<string, string>
        {
            ["Auth__SigningKey"] = _signingKey,
            ["ConnectionStrings__RabbitMq"] = Broker.AmqpUri,
            ["ConnectionStrings__Redis"] = Redis,
        };
        var catalog = With(common, ("ConnectionStrings__Catalog", CatalogDatabase), ("Shop__ServiceName", "catalog"));
        var cart = With(common, ("Shop__ServiceName", "cart"));
        var order = With(common,
            ("ConnectionStrings__Order", OrderDatabase),
            ("Shop__ServiceName", "order"),
            ("Order__Payment__FailureRate", Shape.PaymentFailureRate.ToString(CultureInfo.InvariantCulture)),
            ("Order__Payment__Latency", Shape.PaymentLatency));

        var reporting = With(common,
            ("ConnectionStrings__Reporting", ReportingDatabase),
            ("ConnectionStrings__OrderSource", OrderDatabase),
            ("Shop__ServiceName", "reporting"));

        await HostProcess.RunCommandAsync(CatalogProject, catalog, "migrate");
        if (Shape.OrderReplicas > 0)
        {
            await HostProcess.RunCommandAsync(OrderProject, order, "migrate");
        }
        if (Shape.ReportingReplicas > 0)
        {
            await HostProcess.RunCommandAsync(ReportingProject, reporting, "migrate");
        }

        var gateway = With(common, ("Auth__AdminKey", AdminKey), ("Shop__ServiceName", "gateway"));
        Define("catalog", Shape.CatalogReplicas, CatalogProject, catalog, gateway);
        Define("cart", Shape.CartReplicas, CartProject, cart, gateway);
        Define("order", Shape.OrderReplicas, OrderProject, order, gateway);
        Define("reporting", Shape.ReportingReplicas, ReportingProject, reporting, gateway);
        foreach (var (key, value) in GatewaySettings())
        {
            gateway[key] = value;
        }
        _definitions["gateway"] = (GatewayProject, FreePort.Next(), gateway);

        foreach (var (name, (project, port, environment)) in _definitions)
        {
            _processes[name] = HostProcess.Start(name, project, port, environment);
        }
        await Task.WhenAll(_processes.Values.Select(p => p.WaitUntilReadyAsync(TimeSpan.FromSeconds(90))));
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        GC.SuppressFinalize(this);
    }

    public async Task DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        foreach (var process in _processes.Values)
        {
            await process.DisposeAsync();
        }
        if (Broker is not null)
        {
            await Broker.DisposeAsync();
        }
        if (_privateBroker is not null)
        {
            await _privateBroker.DisposeAsync();
        }
        await PostgresTestDatabase.DropAsync("e2e_catalog_" + _suffix);
        await PostgresTestDatabase.DropAsync("e2e_order_" + _suffix);
        await PostgresTestDatabase.DropAsync("e2e_reporting_" + _suffix);
    }

    private void Define(string service, int replicas, string project, Dictionary<string, string> environment, Dictionary<string, string> gateway)
    {
        for (var i = 1; i <= replicas; i++)
        {
            var name = $"{service}-{i}";
            var port = FreePort.Next();
            _definitions[name] = (project, port, environment);
            gateway[$"ReverseProxy__Clusters__{service}__Destinations__{name}__Address"] = $"http://127.0.0.1:{port}/";
        }
    }

    private static Dictionary<string, string> With(Dictionary<string, string> common, params (string Key, string Value)[] settings)
    {
        var result = new Dictionary<string, string>(common);
        foreach (var (key, value) in settings)
        {
            result[key] = value;
        }
        return result;
    }

    private sealed record TokenResponse(string AccessToken);
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Npgsql;

namespace Shop.EndToEnd.Tests.Infrastructure;

/// <summary>
/// What a test class deploys: replicas per service, the broker, and the simulated payment. With <see cref="Monolith"/>
/// the same modules run in monolith processes instead, as many as the busiest service asked for.
/// </summary>
public sealed record DeploymentShape(
    int CatalogReplicas = 1,
    int CartReplicas = 0,
    int OrderReplicas = 0,
    int ReportingReplicas = 0,
    bool PrivateBroker = false,
    double PaymentFailureRate = 0,
    string PaymentLatency = "00:00:00.010",
    bool Monolith = false)
{
    /// <summary>The same deployment as one monolith host (one database, no broker).</summary>
    public DeploymentShape AsMonolith() => this with { Monolith = true, PrivateBroker = false };

    public int MonolithReplicas => Math.Max(1, new[] { CatalogReplicas, CartReplicas, OrderReplicas, ReportingReplicas }.Max());

    public override string ToString() => Monolith ? $"monolith x{MonolithReplicas}" : "microservices";
}

/// <summary>
/// A whole Shop on this machine for one test class: service replicas and the gateway as real processes,
/// configured the way ./shop up configures them, on databases, a Redis database index and a RabbitMQ virtual
/// host of their own.
/// </summary>
public abstract partial class ShopDeployment : IAsyncLifetime, IAsyncDisposable
{
    public const string CatalogProject = "services/Catalog/Shop.Catalog.Host";
    public const string CartProject = "services/Cart/Shop.Cart.Host";
    public const string OrderProject = "services/Order/Shop.Order.Host";
    public const string ReportingProject = "services/Reporting/Shop.Reporting.Host";
    public const string MonolithProject = "services/Monolith/Shop.Monolith.Host";
    public const string GatewayProject = "gateway/Shop.Gateway";
    private static readonly string[] s_gatewayClusters = ["catalog", "cart", "order", "reporting"];
    private static int s_nextRedisDatabase = 4;

    private readonly string _suffix = Guid.NewGuid().ToString("N")[..12];
    private readonly int _redisDatabase = Interlocked.Increment(ref s_nextRedisDatabase) % 16;
    private readonly string _signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
    private readonly Dictionary<string, (string Project, int Port, Dictionary<string, string> Environment)> _definitions = [];
    private readonly ConcurrentDictionary<string, HostProcess> _processes = [];
    private PrivateBroker? _privateBroker;
    private RabbitMqVirtualHost? _broker;
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

    /// <summary>The catalog's database; in the monolith the one shared database (tables are schema-qualified either way).</summary>
    public string CatalogDatabase => TestServers.PostgresDatabase(DatabaseName("catalog"));

    public string OrderDatabase => TestServers.PostgresDatabase(DatabaseName("order"));

    public string ReportingDatabase => TestServers.PostgresDatabase(DatabaseName("reporting"));

    public string Redis => $"{TestServers.Redis},defaultDatabase={_redisDatabase}";

    /// <summary>The deployment's RabbitMQ virtual host; the monolith has none.</summary>
    public RabbitMqVirtualHost Broker =>
        _broker ?? throw new InvalidOperationException($"The {Shape} deployment has no message broker.");

    public PrivateBroker? PrivateBroker => _privateBroker;

    public IReadOnlyList<HostProcess> CatalogReplicas => Replicas("catalog");

    public HostProcess Gateway => _processes["gateway"];

    public HostProcess Process(string name) => _processes[ProcessName(name)];

    /// <summary>The replicas that serve <paramref name="service"/>: its own, or the monolith's.</summary>
    public IReadOnlyList<HostProcess> Replicas(string service)
    {
        var host = Shape.Monolith && s_gatewayClusters.Contains(service) ? "monolith" : service;
        return _processes.Where(p => p.Key.StartsWith(host + "-", StringComparison.Ordinal)).OrderBy(p => p.Key).Select(p => p.Value).ToList();
    }

    /// <summary>
    /// The process that hosts a service replica such as <c>order-1</c>: that service's own process, or in the monolith
    /// the monolith replica with the same number, so a test that kills "the order service" kills what runs it.
    /// </summary>
    public string ProcessName(string name)
    {
        var match = ServiceReplicaPattern().Match(name);
        return Shape.Monolith && match.Success ? "monolith-" + match.Groups["replica"].Value : name;
    }

    /// <summary>
    /// Messages that failed for good: the <c>_error</c> queues with RabbitMQ; in the monolith, outbox rows whose delivery
    /// failed and is waiting for a retry.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, long>> FailedMessagesAsync()
    {
        if (!Shape.Monolith)
        {
            return await Broker.QueueDepthsAsync("_error");
        }
        await using var connection = new NpgsqlConnection(CatalogDatabase);
        await connection.OpenAsync();
        var failed = new Dictionary<string, long>();
        foreach (var schema in new[] { "catalog", "ordering", "reporting" })
        {
            await using var command = new NpgsqlCommand(
                $"SELECT count(*) FROM {schema}.outbox_messages WHERE sent_at IS NULL AND last_error IS NOT NULL", connection);
            failed[schema + ".outbox_messages"] = (long)(await command.ExecuteScalarAsync())!;
        }
        return failed;
    }

    /// <summary>Settings a test class may tighten (rate limits, body size) on its own gateway.</summary>
    protected virtual IDictionary<string, string> GatewaySettings() => new Dictionary<string, string>();

    public HttpClient CreateGatewayClient() =>
        new(new UnexpectedExitCheck(this)) { BaseAddress = Gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>
    /// Fails with the process's exit and last output when a process of this deployment ended without a test stopping
    /// it: the gateway can only answer 502 or 503 for it, and retrying would just wait out a timeout.
    /// </summary>
    public void ThrowIfAProcessDied()
    {
        var dead = _processes.Values.Where(p => p.UnexpectedExit is not null).ToList();
        if (dead.Count == 0)
        {
            return;
        }
        throw new InvalidOperationException(string.Join(Environment.NewLine, dead.Select(p =>
            $"{p.UnexpectedExit}. Its last output (all of it in {p.LogFile}):{Environment.NewLine}"
            + string.Join(Environment.NewLine, p.RecentOutput.Split(Environment.NewLine).TakeLast(40)))));
    }

    public async Task<string> TokenAsync(string buyerId, string? adminKey = null)
    {
        using var client = CreateGatewayClient();
        using var response = await client.PostAsJsonAsync("api/auth/token", new { buyerId, adminKey });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenResponse>();
        return token!.AccessToken;
    }

    /// <summary>SIGKILL, as a crash: the process gets no chance to finish what it was doing.</summary>
    public Task KillAsync(string name) => _processes[ProcessName(name)].KillAsync();

    /// <summary>Runs a one-shot host command (such as <c>rebuild</c>) of a service with its deployment's configuration.</summary>
    public Task RunCommandAsync(string name, string command)
    {
        var (project, _, environment) = _definitions[ProcessName(name)];
        return HostProcess.RunCommandAsync(project, environment, command);
    }

    /// <summary>Starts a killed process again with the same port and configuration, and waits until it is ready.</summary>
    public async Task RestartAsync(string name)
    {
        name = ProcessName(name);
        await _processes[name].DisposeAsync();
        var (project, port, environment) = _definitions[name];
        var process = HostProcess.Start(name, project, port, environment, LogFile(name));
        _processes[name] = process;
        await process.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        await WaitUntilGatewayRoutesToAsync(name);
    }

    /// <summary>
    /// Waits until the gateway forwards to the restarted service again: its health checks marked the dead replica
    /// unhealthy and take a probe or two to notice it is back. Any answer but 502/503 comes from the service itself
    /// (without a token most routes answer 401).
    /// </summary>
    private async Task WaitUntilGatewayRoutesToAsync(string process)
    {
        var service = process[..process.LastIndexOf('-')];
        string[] paths = service switch
        {
            "catalog" => ["api/catalog/categories"],
            "cart" => ["api/cart"],
            "order" => ["api/orders"],
            "reporting" => ["api/reports/summary"],
            "monolith" => ["api/catalog/categories", "api/cart", "api/orders", "api/reports/summary"],
            _ => [],
        };
        if (paths.Length == 0 || !_processes.ContainsKey("gateway"))
        {
            return;
        }
        using var client = CreateGatewayClient();
        await Eventually.HoldsAsync(async () =>
        {
            foreach (var path in paths)
            {
                using var response = await client.GetAsync(path);
                if (response.StatusCode is System.Net.HttpStatusCode.BadGateway or System.Net.HttpStatusCode.ServiceUnavailable)
                {
                    return false;
                }
            }
            return true;
        }, $"the gateway routes to {process} again", TimeSpan.FromSeconds(60));
    }

    public async Task InitializeAsync()
    {
        var common = new Dictionary<string, string>
        {
            ["Auth__SigningKey"] = _signingKey,
            ["ConnectionStrings__Redis"] = Redis,
        };
        var payment = new[]
        {
            ("Order__Payment__FailureRate", Shape.PaymentFailureRate.ToString(CultureInfo.InvariantCulture)),
            ("Order__Payment__Latency", Shape.PaymentLatency),
        };
        var gateway = With(common, ("Auth__AdminKey", AdminKey), ("Shop__ServiceName", "gateway"), ("Gateway__Upstream__HttpVersion", "2"));

        if (Shape.Monolith)
        {
            var monolith = With(common, [("ConnectionStrings__Shop", CatalogDatabase), ("Shop__ServiceName", "monolith"), .. payment]);
            await HostProcess.RunCommandAsync(MonolithProject, monolith, "migrate");
            Define("monolith", Shape.MonolithReplicas, MonolithProject, monolith, gateway, s_gatewayClusters);
        }
        else
        {
            await DefineServicesAsync(common, payment, gateway);
        }
        foreach (var (key, value) in GatewaySettings())
        {
            gateway[key] = value;
        }
        _definitions["gateway"] = (GatewayProject, FreePort.Next(), gateway);

        foreach (var (name, (project, port, environment)) in _definitions.Where(d => d.Key != "gateway"))
        {
            _processes[name] = HostProcess.Start(name, project, port, environment, LogFile(name));
        }
        await Task.WhenAll(_processes.Values.Select(p => p.WaitUntilReadyAsync(TimeSpan.FromSeconds(90))));
        // The gateway last, as ./shop starts it: its first active health probe must find the services ready, or it marks
        // them unhealthy and answers 503 until the next probe.
        var (gatewayProject, gatewayPort, gatewayEnvironment) = _definitions["gateway"];
        _processes["gateway"] = HostProcess.Start("gateway", gatewayProject, gatewayPort, gatewayEnvironment, LogFile("gateway"));
        await _processes["gateway"].WaitUntilReadyAsync(TimeSpan.FromSeconds(90));
    }

    private async Task DefineServicesAsync(
        Dictionary<string, string> common, (string, string)[] payment, Dictionary<string, string> gateway)
    {
        var (broker, management) = (TestServers.RabbitMq, TestServers.RabbitMqManagement);
        if (Shape.PrivateBroker)
        {
            _privateBroker = new PrivateBroker();
            await _privateBroker.StartAsync();
            (broker, management) = (_privateBroker.AmqpUri, _privateBroker.ManagementUri);
        }
        _broker = await RabbitMqVirtualHost.CreateAsync("shop-e2e", broker, management);
        common = With(common, ("ConnectionStrings__RabbitMq", _broker.AmqpUri));

        var catalog = With(common, ("ConnectionStrings__Catalog", CatalogDatabase), ("Shop__ServiceName", "catalog"));
        var cart = With(common, ("Shop__ServiceName", "cart"));
        var order = With(common, [("ConnectionStrings__Order", OrderDatabase), ("Shop__ServiceName", "order"), .. payment]);
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

        Define("catalog", Shape.CatalogReplicas, CatalogProject, catalog, gateway, ["catalog"]);
        Define("cart", Shape.CartReplicas, CartProject, cart, gateway, ["cart"]);
        Define("order", Shape.OrderReplicas, OrderProject, order, gateway, ["order"]);
        Define("reporting", Shape.ReportingReplicas, ReportingProject, reporting, gateway, ["reporting"]);
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
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
        if (_privateBroker is not null)
        {
            await _privateBroker.DisposeAsync();
        }
        foreach (var database in s_gatewayClusters.Where(module => module != "cart").Select(DatabaseName).Distinct())
        {
            await PostgresTestDatabase.DropAsync(database);
        }
    }

    /// <summary>One folder of logs per deployment, under the test results that <c>./shop test</c> keeps.</summary>
    private string LogFile(string process) =>
        Path.Combine(RepositoryLayout.Root, "artifacts", "test-results", "e2e-hosts", $"{GetType().Name}-{_suffix}", process + ".log");

    private string DatabaseName(string module) => Shape.Monolith ? "e2e_shop_" + _suffix : $"e2e_{module}_{_suffix}";

    private void Define(
        string service, int replicas, string project, Dictionary<string, string> environment, Dictionary<string, string> gateway,
        IReadOnlyList<string> clusters)
    {
        for (var i = 1; i <= replicas; i++)
        {
            var name = $"{service}-{i}";
            var port = FreePort.Next();
            // As ./shop runs them: HTTP/1.1 for clients and probes, and an HTTP/2-only listener for the gateway.
            var upstreamPort = FreePort.Next();
            _definitions[name] = (project, port, With(environment,
                ("Kestrel__Endpoints__Http__Url", $"http://127.0.0.1:{port}"),
                ("Kestrel__Endpoints__Upstream__Url", $"http://127.0.0.1:{upstreamPort}"),
                ("Kestrel__Endpoints__Upstream__Protocols", "Http2")));
            foreach (var cluster in clusters)
            {
                gateway[$"ReverseProxy__Clusters__{cluster}__Destinations__{name}__Address"] = $"http://127.0.0.1:{upstreamPort}/";
            }
        }
    }

    [GeneratedRegex("^(catalog|cart|order|reporting)-(?<replica>[0-9]+)$")]
    private static partial Regex ServiceReplicaPattern();

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

    /// <summary>Turns a gateway failure caused by a dead process into a failure that names it (see <see cref="ThrowIfAProcessDied"/>).</summary>
    private sealed class UnexpectedExitCheck(ShopDeployment deployment) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException)
            {
                deployment.ThrowIfAProcessDied();
                throw;
            }
            if (response.StatusCode is System.Net.HttpStatusCode.BadGateway or System.Net.HttpStatusCode.ServiceUnavailable)
            {
                deployment.ThrowIfAProcessDied();
            }
            return response;
        }
    }
}

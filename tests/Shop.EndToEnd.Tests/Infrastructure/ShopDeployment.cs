using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Npgsql;
using Shop.Topology;
using Shop.Topology.Hosts;
using Shop.Topology.Limits;
using Shop.Topology.Local;
using Shop.Topology.Planning;

namespace Shop.EndToEnd.Tests.Infrastructure;

/// <summary>
/// What a test class deploys: replicas per service, the broker, the simulated payment, and a CPU limit for the
/// catalog's replicas (<see cref="CatalogCpus"/> cores each, in cgroups of their own). With <see cref="Monolith"/> the
/// same modules run in monolith processes instead, as many as the busiest service asked for, and the limit goes to them.
/// </summary>
public sealed record DeploymentShape(
    int CatalogReplicas = 1,
    int CartReplicas = 0,
    int OrderReplicas = 0,
    int ReportingReplicas = 0,
    bool PrivateBroker = false,
    double PaymentFailureRate = 0,
    string PaymentLatency = "00:00:00.010",
    bool Monolith = false,
    double? CatalogCpus = null)
{
    /// <summary>The same deployment as one monolith host (one database, no broker).</summary>
    public DeploymentShape AsMonolith() => this with { Monolith = true, PrivateBroker = false };

    public int MonolithReplicas => Math.Max(1, new[] { CatalogReplicas, CartReplicas, OrderReplicas, ReportingReplicas }.Max());

    public ShopShape Topology => Monolith ? ShopShape.Monolith : ShopShape.Microservices;

    /// <summary>Replicas per host of <see cref="Topology"/>, as the planner takes them.</summary>
    public IReadOnlyDictionary<string, int> ReplicasPerHost => Monolith
        ? new Dictionary<string, int> { [ShopTopology.Monolith.Name] = MonolithReplicas }
        : new Dictionary<string, int>
        {
            [ShopTopology.Catalog.Name] = CatalogReplicas,
            [ShopTopology.Cart.Name] = CartReplicas,
            [ShopTopology.Order.Name] = OrderReplicas,
            [ShopTopology.Reporting.Name] = ReportingReplicas,
        };

    /// <summary>CPU limits per host of <see cref="Topology"/>, as the planner takes them: the host that serves the catalog's.</summary>
    public IReadOnlyDictionary<string, CpuLimit> CpuLimitsPerHost => CatalogCpus is { } cores
        ? new Dictionary<string, CpuLimit> { [Topology.ServiceFor(ShopTopology.Catalog.Name).Name] = new((int)Math.Round(cores * 1000)) }
        : new Dictionary<string, CpuLimit>();

    public override string ToString() => Monolith ? $"monolith x{MonolithReplicas}" : "microservices";
}

/// <summary>
/// A whole Shop on this machine for one test class: service replicas and the gateway as real processes, planned by the
/// topology that plans ./shop up (tools/Shop.Topology), on free ports, databases, a Redis database index and a RabbitMQ
/// virtual host of their own.
/// </summary>
public abstract partial class ShopDeployment : IAsyncLifetime, IAsyncDisposable
{
    private static int s_nextRedisDatabase = 4;

    private readonly string _suffix = Guid.NewGuid().ToString("N")[..12];
    private readonly int _redisDatabase = Interlocked.Increment(ref s_nextRedisDatabase) % 16;
    private readonly string _signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
    private readonly ConcurrentDictionary<string, HostProcess> _processes = [];
    private readonly CgroupScope _cgroups;
    private DeploymentPlan? _plan;
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

    protected ShopDeployment(DeploymentShape shape)
    {
        Shape = shape;
        // The limited processes' cgroups, apart from every other deployment's (./shop up's, the bench's, other classes').
        _cgroups = CgroupScope.Named("e2e-" + _suffix);
    }

    public DeploymentShape Shape { get; }

    public string AdminKey { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    /// <summary>The catalog's database; in the monolith the one shared database (tables are schema-qualified either way).</summary>
    public string CatalogDatabase => DatabaseConnection(Shape.Monolith ? ShopDatabase.Monolith : ShopDatabase.Catalog);

    public string OrderDatabase => DatabaseConnection(Shape.Monolith ? ShopDatabase.Monolith : ShopDatabase.Order);

    public string ReportingDatabase => DatabaseConnection(Shape.Monolith ? ShopDatabase.Monolith : ShopDatabase.Reporting);

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
        var host = ShopTopology.GatewayClusters.Contains(service) ? Shape.Topology.ServiceFor(service).Name : service;
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
        var host = Plan.Process(ProcessName(name)).Host;
        return HostProcess.RunCommandAsync(RepositoryLayout.HostDll(host.Project), Plan.Command(host.Name).Environment, command);
    }

    /// <summary>Starts a killed process again with the same port and configuration, and waits until it is ready.</summary>
    public async Task RestartAsync(string name)
    {
        name = ProcessName(name);
        await _processes[name].DisposeAsync();
        var process = Start(Plan.Process(name));
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
        string? broker = null;
        if (!Shape.Monolith)
        {
            var (amqp, management) = (TestServers.RabbitMq, TestServers.RabbitMqManagement);
            if (Shape.PrivateBroker)
            {
                _privateBroker = new PrivateBroker();
                await _privateBroker.StartAsync();
                (amqp, management) = (_privateBroker.AmqpUri, _privateBroker.ManagementUri);
            }
            _broker = await RabbitMqVirtualHost.CreateAsync("shop-e2e", amqp, management);
            broker = _broker.AmqpUri;
        }
        var postgres = new NpgsqlConnectionStringBuilder(TestServers.Postgres);
        var servers = new ServerAddresses(
            new PostgresServer(postgres.Host!, postgres.Port, postgres.Username!, postgres.Password!, DatabaseSuffix),
            Redis,
            broker);
        _plan = DeploymentPlanner.Plan(new DeploymentRequest(Shape.Topology, servers, new ShopSecrets(_signingKey, AdminKey), new AllocatedPorts(FreePort.Next))
        {
            Replicas = Shape.ReplicasPerHost,
            CpuLimits = Shape.CpuLimitsPerHost,
            Payment = new PaymentSettings(Shape.PaymentFailureRate, Shape.PaymentLatency),
            GatewaySettings = new Dictionary<string, string>(GatewaySettings()),
        });

        foreach (var migration in _plan.Migrations)
        {
            await HostProcess.RunCommandAsync(RepositoryLayout.HostDll(migration.Host.Project), migration.Environment, HostDefinition.MigrateCommand);
        }
        foreach (var replica in _plan.Replicas)
        {
            _processes[replica.Name] = Start(replica);
        }
        await Task.WhenAll(_processes.Values.Select(p => p.WaitUntilReadyAsync(TimeSpan.FromSeconds(90))));
        // The gateway last, as ./shop starts it: its first active health probe must find the services ready, or it marks
        // them unhealthy and answers 503 until the next probe.
        _processes[_plan.Gateway.Name] = Start(_plan.Gateway);
        await _processes[_plan.Gateway.Name].WaitUntilReadyAsync(TimeSpan.FromSeconds(90));
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
        if (_plan is not null)
        {
            foreach (var database in ShopDatabase.All)
            {
                await PostgresTestDatabase.DropAsync(DatabaseName(database));
            }
        }
    }

    /// <summary>One folder of logs per deployment, under the test results that <c>./shop test</c> keeps.</summary>
    private string LogFile(string process) =>
        Path.Combine(RepositoryLayout.Root, "artifacts", "test-results", "e2e-hosts", $"{GetType().Name}-{_suffix}", process + ".log");

    private DeploymentPlan Plan => _plan ?? throw new InvalidOperationException("The deployment has not been started.");

    /// <summary>After every database name, so parallel test classes and runs never meet.</summary>
    private string DatabaseSuffix => "_e2e_" + _suffix;

    private string DatabaseName(ShopDatabase database) => database.Name + DatabaseSuffix;

    private string DatabaseConnection(ShopDatabase database) => TestServers.PostgresDatabase(DatabaseName(database));

    private HostProcess Start(PlannedProcess planned) =>
        HostProcess.Start(planned, RepositoryLayout.HostDll(planned.Host.Project), LogFile(planned.Name), _cgroups);

    [GeneratedRegex("^(catalog|cart|order|reporting)-(?<replica>[0-9]+)$")]
    private static partial Regex ServiceReplicaPattern();

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

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Npgsql;
using Shop.Bench.Invariants;
using Shop.Topology;
using Shop.Topology.Containers;
using Shop.Topology.Hosts;
using Shop.Topology.Planning;

namespace Shop.EndToEnd.Tests.Containers;

/// <summary>
/// A whole Shop as containers on Shop's own Docker engine, for one test class: PostgreSQL, Redis and (for the services)
/// RabbitMQ as the local stand-in server images, then the hosts planned by the topology with
/// <see cref="ContainerNetwork"/> and started by <see cref="ContainerLauncher"/> exactly as their images define them,
/// on a network of their own. Only the gateway's port and the servers' are published, on loopback ports of this machine.
/// </summary>
public abstract class ContainerShop(ShopShape shape) : IAsyncLifetime
{
    /// <summary>The stand-in server images (deploy/compose/standins), which ./shop images builds.</summary>
    public const string PostgresImage = "shop-standin/postgres:15";
    public const string RedisImage = "shop-standin/redis:7.0";
    public const string RabbitMqImage = "shop-standin/rabbitmq:3.10";

    private static readonly TimeSpan s_startTimeout = TimeSpan.FromMinutes(3);
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    private readonly string _prefix = $"shop-ct-{Guid.NewGuid():N}"[..16] + "-";
    private readonly string _postgresPassword = Secret();
    private readonly string _redisPassword = Secret();
    private readonly string _rabbitPassword = Secret();
    private readonly ConcurrentDictionary<string, ShopContainer> _containers = [];
    private readonly List<string> _servers = [];
    private ContainerLauncher? _launcher;
    private DeploymentPlan? _plan;

    public ShopShape Shape { get; } = shape;

    public ShopSecrets Secrets { get; } = new(Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)), Secret());

    public DockerEngine Docker { get; } = new(TestServers.DockerCli, TestServers.DockerHost);

    /// <summary>Every secret this deployment was given: none may be found in an image.</summary>
    public IReadOnlyList<string> AllSecrets => [Secrets.SigningKey, Secrets.AdminKey, _postgresPassword, _redisPassword, _rabbitPassword];

    public DeploymentPlan Plan => _plan ?? throw new InvalidOperationException("The deployment has not been started.");

    public ShopContainer Gateway => _containers[ShopTopology.Gateway.Name];

    public IReadOnlyCollection<ShopContainer> HostContainers => [.. _containers.Values];

    public ShopContainer Container(string processName) => _containers[processName];

    /// <summary>The databases, through PostgreSQL's published port, for the invariant checks.</summary>
    public ShopDatabases Databases { get; private set; } = new("", "", "");

    /// <summary>RabbitMQ's management API through its published port; null for the monolith.</summary>
    public Uri? RabbitMqManagement { get; private set; }

    public static string ImageOf(string host) => $"shop/{host}:{TestServers.ImageTag}";

    public async Task InitializeAsync()
    {
        var network = new ContainerNetwork(_prefix);
        _launcher = new ContainerLauncher(Docker, _prefix + "net", network, ImageOf);
        await _launcher.CreateNetworkAsync();
        var postgresPort = await StartServerAsync("postgres", PostgresImage, 5432, ["-e", "POSTGRES_PASSWORD=" + _postgresPassword], [],
            ["pg_isready", "-h", "127.0.0.1", "-U", "postgres"]);
        await StartServerAsync("redis", RedisImage, null, ["-e", "REDISCLI_AUTH=" + _redisPassword],
            ["redis-server", "--appendonly", "yes", "--requirepass", _redisPassword], ["redis-cli", "ping"]);
        string? rabbitMq = null;
        if (Shape.Servers.Contains(ServerKind.RabbitMq))
        {
            var management = await StartServerAsync("rabbitmq", RabbitMqImage, 15672,
                ["-e", "RABBITMQ_DEFAULT_USER=shop", "-e", "RABBITMQ_DEFAULT_PASS=" + _rabbitPassword], [],
                ["rabbitmq-diagnostics", "-q", "ping"]);
            rabbitMq = $"amqp://shop:{_rabbitPassword}@{_prefix}rabbitmq:5672/";
            RabbitMqManagement = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://shop:{_rabbitPassword}@127.0.0.1:{management}/"));
        }

        _plan = DeploymentPlanner.Plan(new DeploymentRequest(
            Shape,
            new ServerAddresses(new PostgresServer(_prefix + "postgres", 5432, "postgres", _postgresPassword), $"{_prefix}redis:6379,password={_redisPassword}", rabbitMq),
            Secrets,
            network)
        {
            Payment = new PaymentSettings(0, "00:00:00.010"),
            // The load generator plays every buyer from one address.
            GatewayRateLimit = false,
        });
        var published = new PostgresServer("127.0.0.1", postgresPort, "postgres", _postgresPassword);
        Databases = Shape == ShopShape.Monolith
            ? new ShopDatabases(published.ConnectionString(ShopDatabase.Monolith), published.ConnectionString(ShopDatabase.Monolith), published.ConnectionString(ShopDatabase.Monolith))
            : new ShopDatabases(published.ConnectionString(ShopDatabase.Catalog), published.ConnectionString(ShopDatabase.Order), published.ConnectionString(ShopDatabase.Reporting));

        foreach (var migration in _plan.Migrations)
        {
            await _launcher.RunCommandAsync(migration, HostDefinition.MigrateCommand);
        }
        var startToHealthy = new ConcurrentDictionary<string, double>();
        async Task StartAsync(PlannedProcess process, bool publish)
        {
            var started = Stopwatch.StartNew();
            _containers[process.Name] = await _launcher.StartAsync(process, publish);
            await _containers[process.Name].WaitUntilHealthyAsync(s_startTimeout);
            startToHealthy[process.Name] = Math.Round(started.Elapsed.TotalSeconds, 1);
        }
        await Task.WhenAll(_plan.Replicas.Select(replica => StartAsync(replica, publish: false)));
        await StartAsync(_plan.Gateway, publish: true);
        await WaitUntilGatewayRoutesAsync();
        await WriteFiguresAsync(startToHealthy);
    }

    /// <summary>
    /// Start-to-healthy per container and the image sizes, for the README: artifacts/test-results/containers/&lt;shape&gt;.json.
    /// "Healthy" is the image's own HEALTHCHECK, which first runs one interval (15 s) after the start.
    /// </summary>
    private async Task WriteFiguresAsync(IReadOnlyDictionary<string, double> startToHealthy)
    {
        var images = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var image in _containers.Values.Select(c => ImageOf(c.Process.Host.Name)).Distinct())
        {
            var bytes = long.Parse((await Docker.RunCheckedAsync(["image", "inspect", "--format", "{{.Size}}", image])).Trim(), CultureInfo.InvariantCulture);
            images[image] = Math.Round(bytes / 1048576.0, 1);
        }
        var folder = Path.Combine(RepositoryLayout.Root, "artifacts", "test-results", "containers");
        Directory.CreateDirectory(folder);
        var figures = new
        {
            shape = Shape.Name,
            cores = Environment.ProcessorCount,
            measuredAt = DateTimeOffset.UtcNow,
            startToHealthySeconds = startToHealthy.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(),
            imageMiB = images,
        };
        await File.WriteAllTextAsync(Path.Combine(folder, Shape.Name + ".json"),
            JsonSerializer.Serialize(figures, s_indented));
    }

    public async Task DisposeAsync()
    {
        foreach (var container in _containers.Values)
        {
            await container.RemoveAsync();
        }
        foreach (var server in _servers)
        {
            await Docker.RunAsync(["rm", "--force", "--volumes", server]);
        }
        await Docker.RunAsync(["network", "rm", _prefix + "net"]);
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>
    /// Waits until the gateway forwards every cluster to a healthy replica (its active health probe runs every 5 s) and
    /// answers from the service; without a token most routes answer 401.
    /// </summary>
    public async Task WaitUntilGatewayRoutesAsync()
    {
        using var client = new HttpClient { BaseAddress = Gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        string[] paths = ["api/catalog/categories", "api/cart", "api/orders", "api/reports/summary"];
        await Eventually.HoldsAsync(async () =>
        {
            foreach (var path in paths)
            {
                try
                {
                    using var response = await client.GetAsync(path);
                    if (response.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout)
                    {
                        return false;
                    }
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }
            return true;
        }, "the containerised gateway routes to every module", TimeSpan.FromSeconds(90));
    }

    /// <summary>Starts a stand-in server; returns the loopback port its <paramref name="publishedPort"/> is published on.</summary>
    private async Task<int> StartServerAsync(
        string name, string image, int? publishedPort, IReadOnlyList<string> options, IReadOnlyList<string> command, IReadOnlyList<string> readiness)
    {
        var container = _prefix + name;
        List<string> arguments = ["run", "--detach", "--name", container, "--hostname", container, "--network", _prefix + "net", .. options];
        if (publishedPort is { } port)
        {
            arguments.AddRange(["--publish", string.Create(CultureInfo.InvariantCulture, $"127.0.0.1::{port}")]);
        }
        _servers.Add(container);
        await Docker.RunCheckedAsync([.. arguments, image, .. command]);
        await Eventually.HoldsAsync(async () =>
        {
            if ((await Docker.RunAsync(["exec", container, .. readiness])).ExitCode == 0)
            {
                return true;
            }
            // A probe is a process in the container: not twenty a second.
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            return false;
        }, $"{name} ready", s_startTimeout);
        if (publishedPort is null)
        {
            return 0;
        }
        var mapping = await Docker.RunCheckedAsync(["port", container, string.Create(CultureInfo.InvariantCulture, $"{publishedPort}/tcp")]);
        var line = mapping.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).First(l => l.StartsWith("127.0.0.1:", StringComparison.Ordinal));
        return int.Parse(line[(line.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
    }

    private static string Secret() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
}

public sealed class MicroservicesContainerShop() : ContainerShop(ShopShape.Microservices);

public sealed class MonolithContainerShop() : ContainerShop(ShopShape.Monolith);

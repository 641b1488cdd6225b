using System.Globalization;
using Shop.Deployment.Tests.Docker;
using Shop.Topology.Containers;

namespace Shop.Deployment.Tests.Compose;

/// <summary>
/// One real <c>docker-compose up</c> of a profile with the local server stand-ins
/// (<c>-f docker-compose.yml -f deploy/compose/local-servers.yml</c>): a project name of its own, a fresh .env written by
/// deploy/compose/new-env.sh in a temporary folder, and free host ports for everything the file publishes, so it
/// collides with nothing else on the engine. Disposing it runs <c>down --volumes</c>, whatever happened before.
/// </summary>
public sealed class ComposeRun : IAsyncDisposable
{
    private readonly DirectoryInfo _directory;
    private readonly IReadOnlyDictionary<string, string> _settings;

    private ComposeRun(DockerEngine engine, string profile, DirectoryInfo directory, IReadOnlyDictionary<string, string> settings)
    {
        Engine = engine;
        Profile = profile;
        _directory = directory;
        _settings = settings;
        ProjectName = $"shop-compose-test-{profile}-{Guid.NewGuid().ToString("N")[..8]}";
    }

    public DockerEngine Engine { get; }

    public string Profile { get; }

    public string ProjectName { get; }

    public string EnvFile => Path.Combine(_directory.FullName, ".env");

    public int GatewayPort => Port("SHOP_GATEWAY_PORT");

    public int PrometheusPort => Port("SHOP_PROMETHEUS_PORT");

    public string AdminKey => _settings["SHOP_ADMIN_KEY"];

    /// <summary>
    /// Writes the .env: new-env.sh's fresh secrets, the profile, the tag of the Shop images under test, a free port for
    /// each published port, and the gateway's per-client rate limit off (every request from this machine comes through
    /// Docker's port proxy as one client).
    /// </summary>
    public static async Task<ComposeRun> CreateAsync(DockerEngine engine, string profile)
    {
        var directory = Directory.CreateTempSubdirectory("shop-compose-up-");
        var envFile = Path.Combine(directory.FullName, ".env");
        var script = await ContainerTools.RunAsync("bash", [Repository.PathOf("deploy/compose/new-env.sh"), envFile], directory.FullName);
        Assert.True(script.ExitCode == 0, $"new-env.sh failed: {script.Describe()}");

        var overrides = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["COMPOSE_PROFILES"] = profile,
            ["SHOP_IMAGE_TAG"] = TestServers.ImageTag,
            ["SHOP_GATEWAY_PORT"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["SHOP_PROMETHEUS_PORT"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["SHOP_GRAFANA_PORT"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["SHOP_RABBITMQ_CONSOLE_PORT"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["SHOP_GATEWAY_RATE_LIMIT"] = "false",
        };
        var lines = (await File.ReadAllLinesAsync(envFile)).Select(line =>
        {
            var name = line.Split('=', 2)[0];
            return overrides.TryGetValue(name, out var value) ? $"{name}={value}" : line;
        }).ToList();
        Assert.All(overrides.Keys, name => Assert.Contains(lines, line => line.StartsWith(name + "=", StringComparison.Ordinal)));
        await File.WriteAllLinesAsync(envFile, lines);

        var settings = lines.Where(line => !line.StartsWith('#') && line.Contains('=', StringComparison.Ordinal))
            .Select(line => line.Split('=', 2)).ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);
        return new ComposeRun(engine, profile, directory, settings);
    }

    /// <summary>The configuration this run starts, resolved by compose with the same .env and files.</summary>
    public async Task<ComposeProject> ResolveAsync() =>
        await ComposeProject.ResolveAsync(await File.ReadAllTextAsync(EnvFile), ["-f", Repository.PathOf(ComposeProject.LocalServersFile)]);

    /// <summary>Runs <c>docker-compose -p &lt;project&gt; --env-file .env -f docker-compose.yml -f local-servers.yml ARGS</c>.</summary>
    public Task<ToolResult> ComposeAsync(params string[] arguments) =>
        ContainerTools.RunAsync(
            ContainerTools.DockerCompose,
            ["-p", ProjectName, "--env-file", EnvFile, "-f", Repository.PathOf(ComposeProject.ComposeFile),
                "-f", Repository.PathOf(ComposeProject.LocalServersFile), .. arguments],
            Repository.Root,
            ComposeProject.IsolatedVariablePrefixes,
            new Dictionary<string, string>(StringComparer.Ordinal) { ["DOCKER_HOST"] = Engine.Host });

    public Task<IReadOnlyList<ComposeContainer>> ContainersAsync() => ComposeContainers.OfProjectAsync(Engine, ProjectName);

    /// <summary>The last lines each container logged, for a failure message or the results folder.</summary>
    public async Task<string> LogsAsync(int lines = 40)
    {
        var logs = await ComposeAsync("logs", "--no-color", "--tail", lines.ToString(CultureInfo.InvariantCulture));
        return logs.Output + logs.Error;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            var down = await ComposeAsync("down", "--volumes", "--remove-orphans", "--timeout", "20");
            Assert.True(down.ExitCode == 0, $"docker-compose down failed: {down.Describe()}");
        }
        finally
        {
            _directory.Delete(recursive: true);
        }
    }

    private int Port(string name) => int.Parse(_settings[name], CultureInfo.InvariantCulture);
}

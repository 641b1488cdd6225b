using System.Globalization;
using System.Text;
using System.Text.Json;
using Shop.Topology.Planning;

namespace Shop.Topology.Containers;

/// <summary>
/// Runs a deployment plan as containers: each planned process in its host's image, exactly as the image defines it (its
/// user, listener, entry point and health check), hardened the way docker-compose.yml and the chart run it (read-only
/// root filesystem with a tmpfs on /tmp, no capabilities, no new privileges), configured only from the plan's
/// environment, on one network where the plan's container names resolve. Plan with <see cref="ContainerNetwork"/>.
/// </summary>
/// <param name="docker">The engine.</param>
/// <param name="network">The container network, created with <see cref="CreateNetworkAsync"/>.</param>
/// <param name="layout">The layout the deployment was planned with; it names the containers.</param>
/// <param name="image">The image of a host: <c>shop/catalog:dev</c> for catalog.</param>
public sealed class ContainerLauncher(DockerEngine docker, string network, ContainerNetwork layout, Func<string, string> image)
{
    /// <summary>Restarted when its process exits, as compose's <c>restart: unless-stopped</c>.</summary>
    public const string RestartPolicy = "unless-stopped";

    public DockerEngine Docker { get; } = docker;

    public string Network { get; } = network;

    public Task CreateNetworkAsync(CancellationToken cancellationToken = default) =>
        Docker.RunCheckedAsync(["network", "create", Network], cancellationToken);

    /// <summary>
    /// Starts a planned process's container. With <paramref name="publish"/> its port is published on a free loopback port
    /// of this machine (the gateway's, for clients).
    /// </summary>
    public async Task<ShopContainer> StartAsync(PlannedProcess process, bool publish = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(process);
        var name = layout.ContainerName(process.Name);
        await WithEnvironmentFileAsync(process.Environment,
            file => Docker.RunCheckedAsync([.. RunArguments(process, publish), "--env-file", file, image(process.Host.Name)], cancellationToken));
        var container = new ShopContainer(Docker, name, process);
        if (publish)
        {
            await container.ReadPublishedPortAsync(cancellationToken);
        }
        return container;
    }

    /// <summary>
    /// The options of <c>docker run</c> for a planned process, before its environment file and image. A planned CPU limit
    /// becomes <c>--cpus</c>: the same CFS quota per 100 ms period that <c>./shop up</c> writes into a cgroup of its own.
    /// </summary>
    public IReadOnlyList<string> RunArguments(PlannedProcess process, bool publish)
    {
        ArgumentNullException.ThrowIfNull(process);
        var name = layout.ContainerName(process.Name);
        List<string> arguments =
        [
            "run", "--detach", "--name", name, "--hostname", name, "--network", Network, "--restart", RestartPolicy,
            .. Hardening, "--label", "shop.process=" + process.Name,
        ];
        if (process.CpuLimit is { } limit)
        {
            arguments.AddRange(["--cpus", limit.ToString()]);
        }
        if (publish)
        {
            arguments.AddRange(["--publish", string.Create(CultureInfo.InvariantCulture, $"127.0.0.1::{process.Port}")]);
        }
        return arguments;
    }

    /// <summary>Runs a one-shot host command (<c>migrate</c>) in the host's image with the plan's settings, to completion.</summary>
    public async Task RunCommandAsync(HostCommandPlan command, string hostCommand, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        string[] arguments =
        [
            "run", "--rm", "--name", layout.ContainerName($"{command.Host.Name}-{hostCommand}"), "--network", Network, .. Hardening,
        ];
        await WithEnvironmentFileAsync(command.Environment,
            file => Docker.RunCheckedAsync([.. arguments, "--env-file", file, image(command.Host.Name), hostCommand], cancellationToken));
    }

    /// <summary>What every Shop container runs with; the user, listener and health check are the image's own.</summary>
    public static IReadOnlyList<string> Hardening { get; } =
        ["--read-only", "--tmpfs", "/tmp", "--cap-drop", "ALL", "--security-opt", "no-new-privileges:true"];

    /// <summary>
    /// The settings go in a file the client reads and deletes at once: on a command line they would be visible to every
    /// process of the machine (the signing key, passwords).
    /// </summary>
    private static async Task WithEnvironmentFileAsync(IEnumerable<KeyValuePair<string, string>> environment, Func<string, Task> run)
    {
        var file = Path.Combine(Path.GetTempPath(), $"shop-container-{Guid.NewGuid():N}.env");
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        try
        {
            await using (var writer = new StreamWriter(new FileStream(file, create), new UTF8Encoding(false)))
            {
                foreach (var (key, value) in environment)
                {
                    await writer.WriteAsync($"{key}={value}\n");
                }
            }
            await run(file);
        }
        finally
        {
            File.Delete(file);
        }
    }
}

/// <summary>One running Shop container.</summary>
public sealed class ShopContainer(DockerEngine docker, string name, PlannedProcess process)
{
    public string Name { get; } = name;

    public PlannedProcess Process { get; } = process;

    /// <summary>The loopback port of this machine its port is published on (0 when not published).</summary>
    public int PublishedPort { get; private set; }

    public Uri BaseAddress => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{PublishedPort}/"));

    public async Task<ContainerState> StateAsync(CancellationToken cancellationToken = default)
    {
        var json = await docker.RunCheckedAsync(["inspect", "--format", "{{json .}}", Name], cancellationToken);
        return ContainerState.Parse(json);
    }

    /// <summary>Waits until the image's own HEALTHCHECK reports healthy; fails with the container's logs otherwise.</summary>
    public async Task WaitUntilHealthyAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        ContainerState state;
        do
        {
            state = await StateAsync(cancellationToken);
            if (state.HealthStatus == "healthy")
            {
                return;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
        while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"{Name} was not healthy after {timeout} (status {state.Running}, health {state.HealthStatus}):{Environment.NewLine}{await LogsAsync(cancellationToken)}");
    }

    /// <summary>
    /// Sends a signal through the engine, as <c>docker kill -s</c> does. The engine takes that for a stop by its user: the
    /// restart policy does not bring the container back (Engine 20.10, as documented for <c>docker stop</c>).
    /// </summary>
    public Task KillAsync(string signal = "KILL", CancellationToken cancellationToken = default) =>
        docker.RunCheckedAsync(["kill", "--signal", signal, Name], cancellationToken);

    /// <summary>
    /// A crash: SIGKILL to the container's process from outside the engine, as the kernel's OOM killer or a fault would
    /// end it. The engine sees the process die and applies the restart policy. Needs the rights to signal that process.
    /// </summary>
    public async Task CrashAsync(CancellationToken cancellationToken = default)
    {
        var pid = int.Parse((await docker.RunCheckedAsync(["inspect", "--format", "{{.State.Pid}}", Name], cancellationToken)).Trim(), CultureInfo.InvariantCulture);
        if (pid <= 0)
        {
            throw new InvalidOperationException($"{Name} has no running process to crash");
        }
        using var process = System.Diagnostics.Process.GetProcessById(pid);
        process.Kill();
    }

    public async Task<string> LogsAsync(CancellationToken cancellationToken = default)
    {
        var result = await docker.RunAsync(["logs", "--tail", "60", Name], cancellationToken);
        return result.Output + result.Error;
    }

    public Task RemoveAsync(CancellationToken cancellationToken = default) =>
        docker.RunAsync(["rm", "--force", "--volumes", Name], cancellationToken);

    internal async Task ReadPublishedPortAsync(CancellationToken cancellationToken)
    {
        var mapping = await docker.RunCheckedAsync(["port", Name, string.Create(CultureInfo.InvariantCulture, $"{Process.Port}/tcp")], cancellationToken);
        var line = mapping.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).First(l => l.StartsWith("127.0.0.1:", StringComparison.Ordinal));
        PublishedPort = int.Parse(line[(line.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
    }
}

/// <summary>What <c>docker inspect</c> says of a container, as far as launchers and tests need it.</summary>
/// <param name="Running">running, restarting, exited, …</param>
/// <param name="HealthStatus">starting, healthy or unhealthy; null for an image without a health check.</param>
/// <param name="Restarts">How often the restart policy started it again.</param>
/// <param name="LastExitCode">The exit code of its last run.</param>
/// <param name="Started">When its current run started.</param>
/// <param name="RunsAs">The user it runs as (the image's, unless the launcher overrode it).</param>
/// <param name="ReadOnlyRootFilesystem">Whether its root filesystem is read-only.</param>
/// <param name="CapabilitiesDropped">The capabilities taken from it.</param>
/// <param name="Variables">Its environment, image and launcher together (NAME=value).</param>
/// <param name="ImageName">The image it was started from.</param>
public sealed record ContainerState(
    string Running,
    string? HealthStatus,
    int Restarts,
    int LastExitCode,
    DateTimeOffset Started,
    string RunsAs,
    bool ReadOnlyRootFilesystem,
    IReadOnlyList<string> CapabilitiesDropped,
    IReadOnlyList<string> Variables,
    string ImageName)
{
    public static ContainerState Parse(string inspectJson)
    {
        using var document = JsonDocument.Parse(inspectJson);
        var root = document.RootElement;
        var state = root.GetProperty("State");
        var hostConfig = root.GetProperty("HostConfig");
        var config = root.GetProperty("Config");
        return new ContainerState(
            state.GetProperty("Status").GetString() ?? "",
            state.TryGetProperty("Health", out var health) ? health.GetProperty("Status").GetString() : null,
            root.GetProperty("RestartCount").GetInt32(),
            state.GetProperty("ExitCode").GetInt32(),
            DateTimeOffset.Parse(state.GetProperty("StartedAt").GetString()!, CultureInfo.InvariantCulture),
            config.GetProperty("User").GetString() ?? "",
            hostConfig.GetProperty("ReadonlyRootfs").GetBoolean(),
            hostConfig.TryGetProperty("CapDrop", out var drop) && drop.ValueKind == JsonValueKind.Array ? [.. drop.EnumerateArray().Select(c => c.GetString()!)] : [],
            config.TryGetProperty("Env", out var env) && env.ValueKind == JsonValueKind.Array ? [.. env.EnumerateArray().Select(e => e.GetString()!)] : [],
            config.GetProperty("Image").GetString() ?? "");
    }
}

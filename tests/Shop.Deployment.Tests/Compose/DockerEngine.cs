using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Shop.Deployment.Tests.Compose;

/// <summary>
/// The Docker engine the compose run uses, named by <c>SHOP_TEST_DOCKER_HOST</c> (a unix:// URI, which
/// deploy/local/test.sh exports after starting the engine and building the images), read through the engine's HTTP
/// API on that socket: what images it holds and the state of a compose project's containers.
/// </summary>
public sealed class DockerEngine : IDisposable
{
    public const string HostVariable = "SHOP_TEST_DOCKER_HOST";

    private readonly HttpClient _client;

    private DockerEngine(string host, string socketPath)
    {
        Host = host;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        // The host name is never resolved: every connection goes to the socket.
        _client = new HttpClient(handler) { BaseAddress = new Uri("http://docker-engine/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The unix:// URI, as DOCKER_HOST for docker-compose.</summary>
    public string Host { get; }

    /// <summary>The engine named by <c>SHOP_TEST_DOCKER_HOST</c>; fails the test with what to do when it is not set.</summary>
    public static DockerEngine FromEnvironment()
    {
        var host = Environment.GetEnvironmentVariable(HostVariable);
        if (string.IsNullOrEmpty(host))
        {
            throw new InvalidOperationException(
                $"{HostVariable} is not set: it names the Docker engine (unix:///path/docker.sock) the compose run uses. " +
                "Run the tests through ./shop test (deploy/local/test.sh starts Shop's engine, builds the images with " +
                "./shop images and exports it), or export it yourself for an engine that holds those images.");
        }
        if (!Uri.TryCreate(host, UriKind.Absolute, out var uri) || uri.Scheme != "unix")
        {
            throw new InvalidOperationException($"{HostVariable} is '{host}'; it must be a unix:// URI such as unix:///var/run/docker.sock.");
        }
        return File.Exists(uri.LocalPath)
            ? new DockerEngine(host, uri.LocalPath)
            : throw new InvalidOperationException($"{HostVariable} names {uri.LocalPath}, which does not exist: is the engine running (deploy/local/test.sh starts it)?");
    }

    public async Task<bool> ImageExistsAsync(string image)
    {
        using var response = await _client.GetAsync($"images/{Uri.EscapeDataString(image)}/json");
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        response.EnsureSuccessStatusCode();
        return true;
    }

    /// <summary>Every container of a compose project, running or not.</summary>
    public async Task<IReadOnlyList<ContainerState>> ProjectContainersAsync(string project)
    {
        var filters = JsonSerializer.Serialize(new Dictionary<string, string[]> { ["label"] = [$"com.docker.compose.project={project}"] });
        using var list = JsonDocument.Parse(await _client.GetStringAsync($"containers/json?all=true&filters={Uri.EscapeDataString(filters)}"));
        var containers = new List<ContainerState>();
        foreach (var summary in list.RootElement.EnumerateArray())
        {
            using var response = await _client.GetAsync($"containers/{summary.GetProperty("Id").GetString()}/json");
            // Compose may remove a container between the list and this look (one it replaces while `up` runs).
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                continue;
            }
            response.EnsureSuccessStatusCode();
            using var details = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            containers.Add(ReadState(details.RootElement));
        }
        return containers;
    }

    public void Dispose() => _client.Dispose();

    /// <summary>The parts of GET /containers/{id}/json (docker inspect) that <see cref="ContainerState"/> keeps.</summary>
    private static ContainerState ReadState(JsonElement container)
    {
        var state = container.GetProperty("State");
        string? health = null;
        DateTimeOffset? firstHealthy = null;
        var lastProbe = "";
        if (state.TryGetProperty("Health", out var healthElement) && healthElement.ValueKind == JsonValueKind.Object)
        {
            health = healthElement.GetProperty("Status").GetString();
            var probes = healthElement.GetProperty("Log").EnumerateArray().ToList();
            // The earliest passing probe among the five the engine keeps: the first one only while it is still kept.
            firstHealthy = probes.Where(p => p.GetProperty("ExitCode").GetInt32() == 0).Select(p => (DateTimeOffset?)Time(p.GetProperty("End").GetString())).Min();
            lastProbe = probes.Count > 0 ? probes[^1].GetProperty("Output").GetString()?.Trim() ?? "" : "";
        }
        var finished = Time(state.GetProperty("FinishedAt").GetString());
        return new ContainerState(
            container.GetProperty("Name").GetString()!.TrimStart('/'),
            container.GetProperty("Config").GetProperty("Labels").GetProperty("com.docker.compose.service").GetString()!,
            state.GetProperty("Status").GetString()!,
            health,
            state.GetProperty("ExitCode").GetInt32(),
            container.GetProperty("RestartCount").GetInt32(),
            Time(state.GetProperty("StartedAt").GetString()),
            finished.Year > 1 ? finished : null,
            firstHealthy,
            lastProbe);
    }

    /// <summary>The engine's RFC 3339 times carry nanoseconds; .NET parses at most seven fractional digits.</summary>
    private static DateTimeOffset Time(string? value)
    {
        var text = value ?? throw new InvalidOperationException("the engine gave no time");
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0)
        {
            var end = dot + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }
            var fraction = text[(dot + 1)..end];
            text = string.Concat(text.AsSpan(0, dot + 1), fraction.Length > 7 ? fraction[..7] : fraction, text.AsSpan(end));
        }
        return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }
}

/// <summary>What <c>docker inspect</c> says about one container, as far as the compose run checks it.</summary>
public sealed record ContainerState(
    string Name,
    string Service,
    string Status,
    string? Health,
    int ExitCode,
    int RestartCount,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    DateTimeOffset? FirstHealthyAt,
    string LastProbeOutput)
{
    public override string ToString() =>
        $"{Service}: {Status}{(Health is null ? "" : $" ({Health})")}, exit code {ExitCode}, restarts {RestartCount}" +
        (LastProbeOutput.Length > 0 ? $", last probe: {LastProbeOutput}" : "");
}

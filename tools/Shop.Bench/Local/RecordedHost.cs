using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Shop.Topology.Local;

namespace Shop.Bench.Local;

/// <summary>
/// A host a benchmark starts with the topology's launcher, as a child of this process: in its session, with wrk, so Linux
/// does not split a busy CPU evenly between the gateway and the cheaper process behind it (autogroup; README, Gateway
/// benchmark). It is recorded in the state's run folder like a process of <c>./shop up</c> (name.pid, name.port), so
/// <c>./shop status</c> shows it and <c>./shop down</c> stops it should the benchmark die first.
/// </summary>
public sealed class RecordedHost : IAsyncDisposable
{
    private readonly ShopStateFolder _state;

    private RecordedHost(ShopStateFolder state, HostProcess process)
    {
        _state = state;
        Process = process;
    }

    public HostProcess Process { get; }

    public string Name => Process.Name;

    public int ProcessId => Process.ProcessId;

    /// <summary>From spawning the process to its first Healthy answer of /health/ready.</summary>
    public TimeSpan StartToReady { get; private set; }

    /// <summary>Starts <paramref name="assembly"/> and waits until its /health/ready answers Healthy.</summary>
    /// <param name="state">Where its pid, port and log go.</param>
    /// <param name="name">bench-plain, bench-gateway, …</param>
    /// <param name="assembly">The installed host's dll.</param>
    /// <param name="ports">Every port it listens on, the first one answering health checks.</param>
    /// <param name="environment">Its settings, listeners included.</param>
    /// <param name="pollInterval">How often readiness is probed (the launcher's own interval unless given).</param>
    /// <exception cref="InvalidOperationException">A port is taken, or the host exited or never became ready.</exception>
    public static async Task<RecordedHost> StartAsync(
        ShopStateFolder state, string name, string assembly, IReadOnlyList<int> ports, IEnumerable<KeyValuePair<string, string>> environment,
        TimeSpan? pollInterval = null)
    {
        if (!File.Exists(assembly))
        {
            throw new InvalidOperationException($"{name}: no {assembly} (the bench's entry script installs it)");
        }
        foreach (var port in ports)
        {
            RequireFreePort(port, name);
        }
        state.EnsureFolders();
        var started = TimeProvider.System.GetTimestamp();
        var process = HostProcess.Start(name, assembly, ports[0], environment, Path.Combine(state.Logs, name + ".log"));
        var host = new RecordedHost(state, process);
        await File.WriteAllTextAsync(host.PathOf(".pid"), Number(process.ProcessId) + "\n");
        await File.WriteAllTextAsync(host.PathOf(".port"), Number(ports[0]) + "\n");
        try
        {
            await process.WaitUntilReadyAsync(TimeSpan.FromSeconds(90), pollInterval);
            host.StartToReady = TimeProvider.System.GetElapsedTime(started);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        foreach (var extension in new[] { ".pid", ".port", ".hash" })
        {
            File.Delete(PathOf(extension));
        }
    }

    private string PathOf(string extension) => Path.Combine(_state.Run, Name + extension);

    private static void RequireFreePort(int port, string name)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
        }
        catch (SocketException)
        {
            throw new InvalidOperationException($"port {port} needed by {name} is already taken. Stop whatever holds it (ss -ltnp 'sport = :{port}').");
        }
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}

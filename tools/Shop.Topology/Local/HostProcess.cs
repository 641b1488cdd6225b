using System.Collections.Concurrent;
using System.Diagnostics;

using Shop.Topology.Hosts;
using Shop.Topology.Limits;
using Shop.Topology.Planning;

namespace Shop.Topology.Local;

/// <summary>
/// A Shop host running as a real operating-system process, a child of this one (so in its session: see the README's
/// Gateway benchmark on autogroup). Its output goes to a log file, and an exit that nobody asked for is recorded there
/// and in <see cref="UnexpectedExit"/>, so a failure names the process that died. A planned CPU limit puts it in a cgroup
/// of its own from its first instruction, as <c>./shop up</c> does, and the cgroup goes when the process is disposed of.
/// The end-to-end tests and the benches start hosts with it; <c>./shop up</c> starts the same plans from bash
/// (deploy/local/services.sh).
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    /// <summary>The suffix of the file beside the log that says the process ended without being stopped.</summary>
    public const string UnexpectedExitSuffix = ".unexpected-exit";

    private const int KeptOutputLines = 200;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly StreamWriter? _log;
    private readonly Lock _logLock = new();
    private volatile bool _stopping;
    private bool _logClosed;
    private volatile string? _unexpectedExit;

    private HostProcess(string name, Process process, int port, string? logFile, CpuCgroup? cgroup)
    {
        Name = name;
        Port = port;
        Cgroup = cgroup;
        _process = process;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        LogFile = logFile;
        if (logFile is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
            _log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        }
    }

    public string Name { get; }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public bool HasExited => _process.HasExited;

    public int ProcessId => _process.Id;

    public string RecentOutput => string.Join(Environment.NewLine, _output);

    /// <summary>Where all of the process's output goes, or none.</summary>
    public string? LogFile { get; }

    /// <summary>How the process ended if it ended without <see cref="KillAsync"/>: a crash, or a host that stopped itself.</summary>
    public string? UnexpectedExit => _unexpectedExit;

    /// <summary>The cgroup that limits its CPU, or null when it runs unlimited.</summary>
    public CpuCgroup? Cgroup { get; }

    /// <summary>Starts a planned process from <paramref name="assemblyPath"/> (a host's build output or installed copy).</summary>
    /// <param name="planned">The process.</param>
    /// <param name="assemblyPath">Its host's dll.</param>
    /// <param name="logFile">Where its output goes, or none.</param>
    /// <param name="cgroups">The deployment's cgroups, for a process with a CPU limit: each such process gets one of its own there.</param>
    /// <exception cref="ArgumentException">The process has a CPU limit and no scope was given.</exception>
    /// <exception cref="CgroupException">This machine cannot apply the limit.</exception>
    public static HostProcess Start(PlannedProcess planned, string assemblyPath, string? logFile = null, CgroupScope? cgroups = null)
    {
        ArgumentNullException.ThrowIfNull(planned);
        CpuCgroup? cgroup = null;
        if (planned.CpuLimit is { } limit)
        {
            if (cgroups is null)
            {
                throw new ArgumentException($"{planned.Name} has a CPU limit of {limit} cores: its deployment's cgroup scope is needed", nameof(cgroups));
            }
            cgroup = CpuCgroups.Detect().Create(cgroups, planned.Name, limit);
        }
        return Start(planned.Name, assemblyPath, planned.Port, planned.Environment, logFile, cgroup);
    }

    /// <param name="name">catalog-1, bench-gateway, …</param>
    /// <param name="assemblyPath">Its host's dll.</param>
    /// <param name="port">Its HTTP/1.1 listener, where readiness is probed.</param>
    /// <param name="environment">Its settings.</param>
    /// <param name="logFile">Where its output goes, or none.</param>
    /// <param name="cgroup">A cgroup it enters before the runtime starts; it is removed when the process is disposed of.</param>
    public static HostProcess Start(
        string name, string assemblyPath, int port, IEnumerable<KeyValuePair<string, string>> environment, string? logFile = null,
        CpuCgroup? cgroup = null)
    {
        var settings = environment.ToList();
        var process = CreateProcess(assemblyPath, settings, [], cgroup?.Launcher ?? []);
        // Kestrel endpoints or URLs in the environment are the listeners; setting both would only earn a warning.
        if (!settings.Any(s => s.Key is SettingKeys.HttpListener or SettingKeys.Urls))
        {
            process.StartInfo.Environment[SettingKeys.Urls] = $"http://127.0.0.1:{port}";
        }
        var host = new HostProcess(name, process, port, logFile, cgroup);
        process.OutputDataReceived += (_, e) => host.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => host.Keep(e.Data);
        process.Exited += (_, _) => host.OnExited();
        try
        {
            process.Start();
        }
        catch
        {
            cgroup?.Remove(TimeSpan.Zero);
            throw;
        }
        host.Keep($"[{DateTime.UtcNow:HH:mm:ss.fff}] started {name} as pid {process.Id} on port {port}" +
            (cgroup is null ? "" : $", limited to {cgroup.Limit} cores in {cgroup.Folder}"));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Runs a host command such as <c>migrate</c> to completion and fails with its output if it fails.</summary>
    public static async Task RunCommandAsync(string assemblyPath, IEnumerable<KeyValuePair<string, string>> environment, string command)
    {
        using var process = CreateProcess(assemblyPath, environment, [command], []);
        var output = new ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => output.Enqueue(e.Data ?? string.Empty);
        process.ErrorDataReceived += (_, e) => output.Enqueue(e.Data ?? string.Empty);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'{command}' of {Path.GetFileName(assemblyPath)} exited with {process.ExitCode}:{Environment.NewLine}{string.Join(Environment.NewLine, output)}");
        }
    }

    /// <param name="timeout">How long to wait at most.</param>
    /// <param name="pollInterval">How long between two probes (200 ms unless given): what a start-to-ready time measured
    /// with it can be late by.</param>
    public async Task WaitUntilReadyAsync(TimeSpan timeout, TimeSpan? pollInterval = null)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                // Until the output readers reach the end of the streams, the last lines (the reason) may be missing.
                await _process.WaitForExitAsync();
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} during start-up:{Environment.NewLine}{RecentOutput}");
            }
            try
            {
                using var response = await client.GetAsync("health/ready");
                // Degraded also answers 200; a fresh deployment waits until every dependency (the bus too) is connected.
                if (response.IsSuccessStatusCode && (await response.Content.ReadAsStringAsync()).Contains("\"Healthy\"", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            await Task.Delay(pollInterval ?? TimeSpan.FromMilliseconds(200));
        }
        throw new TimeoutException($"{Name} was not ready after {timeout}:{Environment.NewLine}{RecentOutput}");
    }

    /// <summary>SIGKILL: no shutdown hooks, no draining — the crash a load balancer must survive.</summary>
    public async Task KillAsync()
    {
        _stopping = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Cgroup?.Remove(TimeSpan.FromSeconds(5));
        _process.Dispose();
        lock (_logLock)
        {
            _logClosed = true;
            _log?.Dispose();
        }
    }

    /// <param name="assemblyPath">The host's dll.</param>
    /// <param name="environment">Its settings.</param>
    /// <param name="arguments">After the dll.</param>
    /// <param name="launcher">Put before <c>dotnet</c>: a cgroup's <see cref="CpuCgroup.Launcher"/>, which becomes dotnet
    /// with the same pid, so <see cref="Process.Id"/> and a kill still reach the host.</param>
    private static Process CreateProcess(
        string assemblyPath, IEnumerable<KeyValuePair<string, string>> environment, string[] arguments, IReadOnlyList<string> launcher)
    {
        var dll = Path.GetFullPath(assemblyPath);
        var info = new ProcessStartInfo(launcher.Count > 0 ? launcher[0] : "dotnet")
        {
            // The content root: hosts read appsettings.json from beside their assembly.
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (launcher.Count > 0)
        {
            foreach (var word in launcher.Skip(1))
            {
                info.ArgumentList.Add(word);
            }
            info.ArgumentList.Add("dotnet");
        }
        info.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return new Process { StartInfo = info, EnableRaisingEvents = true };
    }

    private void OnExited()
    {
        if (_stopping)
        {
            return;
        }
        // The output readers may still be draining the last lines; the exit code is known now.
        _unexpectedExit = $"{Name} (pid {_process.Id}) exited by itself with code {_process.ExitCode} at {DateTime.UtcNow:HH:mm:ss.fff} UTC";
        Keep("[" + _unexpectedExit + "]");
        if (LogFile is not null)
        {
            File.WriteAllText(LogFile + UnexpectedExitSuffix, _unexpectedExit + Environment.NewLine);
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_logLock)
        {
            if (_log is not null && !_logClosed)
            {
                _log.WriteLine(line);
            }
        }
        _output.Enqueue(line);
        while (_output.Count > KeptOutputLines && _output.TryDequeue(out _))
        {
        }
    }
}

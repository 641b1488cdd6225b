using System.Collections.Concurrent;
using System.Diagnostics;

namespace Shop.EndToEnd.Tests.Infrastructure;

/// <summary>A Shop host running as a real operating-system process, as ./shop runs it.</summary>
public sealed class HostProcess : IAsyncDisposable
{
    private const int KeptOutputLines = 200;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private HostProcess(string name, Process process, int port)
    {
        Name = name;
        Port = port;
        _process = process;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    public string Name { get; }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public bool HasExited => _process.HasExited;

    public string RecentOutput => string.Join(Environment.NewLine, _output);

    public static HostProcess Start(string name, string projectDirectory, int port, IDictionary<string, string> environment, params string[] arguments)
    {
        var process = CreateProcess(projectDirectory, environment, arguments);
        // Kestrel endpoints in the environment replace the URLs; setting both would only earn a warning.
        if (!environment.ContainsKey("Kestrel__Endpoints__Http__Url"))
        {
            process.StartInfo.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        }
        var host = new HostProcess(name, process, port);
        process.OutputDataReceived += (_, e) => host.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => host.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Runs a host command such as <c>migrate</c> to completion and fails with its output if it fails.</summary>
    public static async Task RunCommandAsync(string projectDirectory, IDictionary<string, string> environment, string command)
    {
        using var process = CreateProcess(projectDirectory, environment, [command]);
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
                $"'{command}' of {projectDirectory} exited with {process.ExitCode}:{Environment.NewLine}{string.Join(Environment.NewLine, output)}");
        }
    }

    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
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
            await Task.Delay(200);
        }
        throw new TimeoutException($"{Name} was not ready after {timeout}:{Environment.NewLine}{RecentOutput}");
    }

    /// <summary>SIGKILL: no shutdown hooks, no draining — the crash a load balancer must survive.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private static Process CreateProcess(string projectDirectory, IDictionary<string, string> environment, string[] arguments)
    {
        var dll = RepositoryLayout.HostDll(projectDirectory);
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
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

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        _output.Enqueue(line);
        while (_output.Count > KeptOutputLines && _output.TryDequeue(out _))
        {
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Shop.Bench.BlackFriday;
using Shop.Bench.Cli;
using Shop.Bench.Local;
using Shop.Bench.Sampling;
using Shop.Topology;
using Shop.Topology.Hosts;

namespace Shop.Bench.Scaling;

/// <summary>
/// Makes and ends the faults of the isolation experiments on the bench's Shop (<see cref="IsolationFaults"/>). A fault
/// that could not be made is described as such, and the experiment's "during" then shows no fault, rather than the
/// bench failing.
/// </summary>
public sealed class IsolationFaultMaker(ShopScript script, BenchShop shop, ShopShape shape, BenchConsole console)
{
    private CancellationTokenSource? _rebuilds;
    private Task<int>? _rebuildLoop;

    /// <summary>The host that carries reporting in this shape (its rebuild command, its fault switch).</summary>
    public string ReportingHost => shape == ShopShape.Monolith ? ShopTopology.Monolith.Name : ShopTopology.Reporting.Name;

    /// <summary>The replica the kill experiment kills: the first that serves the catalog.</summary>
    public string CatalogReplica => (shape == ShopShape.Monolith ? ShopTopology.Monolith.Name : ShopTopology.Catalog.Name) + "-1";

    /// <summary>Starts the fault, to last at most <paramref name="longest"/>; returns what was done, in words.</summary>
    public async Task<string> StartAsync(string fault, TimeSpan longest, CancellationToken cancellationToken)
    {
        switch (fault)
        {
            case IsolationFaults.ReportingRebuild:
                _rebuilds = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                _rebuildLoop = RebuildAgainAndAgainAsync(_rebuilds.Token);
                return $"./shop run {ReportingHost} rebuild, again and again";
            case IsolationFaults.ReportingCpuHog:
                return await StartCpuHogAsync(longest, cancellationToken);
            case IsolationFaults.CatalogReplicaKilled:
                return Kill();
            default:
                throw new ArgumentOutOfRangeException(nameof(fault), fault, "not one of IsolationFaults.All");
        }
    }

    /// <summary>Ends the fault; returns the description with what happened meanwhile.</summary>
    public async Task<string> StopAsync(string fault, string description, CancellationToken cancellationToken)
    {
        switch (fault)
        {
            case IsolationFaults.ReportingRebuild when _rebuilds is not null && _rebuildLoop is not null:
                await _rebuilds.CancelAsync();
                var runs = await _rebuildLoop;
                _rebuilds.Dispose();
                (_rebuilds, _rebuildLoop) = (null, null);
                return string.Create(CultureInfo.InvariantCulture, $"{description}: {runs} rebuilds finished during the window");
            case IsolationFaults.ReportingCpuHog when !description.Contains("refused", StringComparison.Ordinal):
                using (var client = await AdminClientAsync(cancellationToken))
                using (var stop = await client.DeleteAsync("api/reports/faults/cpu-hog", cancellationToken))
                {
                    return stop.IsSuccessStatusCode ? description : $"{description} (stopping it answered {(int)stop.StatusCode}; it ran to its end)";
                }
            default:
                return description;
        }
    }

    private async Task<int> RebuildAgainAndAgainAsync(CancellationToken cancellationToken)
    {
        var finished = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (await script.RunAsync(["run", ReportingHost, "rebuild"], quiet: true, cancellationToken) == 0)
                {
                    finished++;
                }
                else if (!cancellationToken.IsCancellationRequested)
                {
                    console.Warn($"./shop run {ReportingHost} rebuild failed (its log: {Path.Combine(shop.State.Logs, ReportingHost + "-rebuild.log")})");
                    await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The window is over; the rebuild it interrupted was stopped with it.
        }
        return finished;
    }

    private async Task<string> StartCpuHogAsync(TimeSpan longest, CancellationToken cancellationToken)
    {
        using var client = await AdminClientAsync(cancellationToken);
        using var response = await client.PostAsJsonAsync("api/reports/faults/cpu-hog", new { seconds = (int)Math.Ceiling(longest.TotalSeconds), threads = 0 }, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            var answer = await response.Content.ReadAsStringAsync(cancellationToken);
            console.Warn($"{ReportingHost}: the CPU hog was refused ({(int)response.StatusCode}): {answer}");
            return $"reporting's CPU hog refused ({(int)response.StatusCode}); no fault was made";
        }
        return $"reporting's fault switch: every core {ReportingHost} can get spun for the window";
    }

    private string Kill()
    {
        var pidFile = Path.Combine(shop.State.Run, CatalogReplica + ".pid");
        if (!File.Exists(pidFile) || ProcFileSystem.ParsePidFile(File.ReadAllText(pidFile)) is not { } pid)
        {
            console.Warn($"no pid file of {CatalogReplica}; nothing was killed");
            return $"{CatalogReplica} not found; nothing was killed";
        }
        using var process = Process.GetProcessById(pid);
        // Process.Kill is SIGKILL on Linux: no shutdown, no draining, as when a node dies.
        process.Kill();
        process.WaitForExit(TimeSpan.FromSeconds(10));
        return string.Create(CultureInfo.InvariantCulture, $"{CatalogReplica} (pid {pid}) killed with SIGKILL {ScalingSettings.KillAfter.TotalSeconds:0} s into the during window; ./shop up started it again before the after window");
    }

    private async Task<HttpClient> AdminClientAsync(CancellationToken cancellationToken)
    {
        var client = new HttpClient { BaseAddress = new Uri(shop.Gateway + "/"), Timeout = TimeSpan.FromSeconds(30) };
        var adminKey = (await File.ReadAllTextAsync(shop.State.AdminKeyFile, cancellationToken)).Trim();
        using var token = await client.PostAsJsonAsync("api/auth/token", new { buyerId = "bench-admin", adminKey }, cancellationToken);
        token.EnsureSuccessStatusCode();
        var answer = await token.Content.ReadFromJsonAsync<TokenAnswer>(cancellationToken)
            ?? throw new InvalidDataException("POST /api/auth/token answered null");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", answer.AccessToken);
        return client;
    }

    private sealed record TokenAnswer(string AccessToken);
}

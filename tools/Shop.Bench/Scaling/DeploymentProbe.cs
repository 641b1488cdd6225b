using Shop.Bench.Sampling;
using Shop.Topology.Limits;

namespace Shop.Bench.Scaling;

/// <summary>
/// What a scaling point needs to know about the deployment while its capacity is searched: the processes' CPU and
/// memory and the machine's, once a second, and the kernel's throttling counters of every limited replica at the start
/// and the end.
/// </summary>
public sealed class DeploymentProbe : IAsyncDisposable
{
    private readonly ProcessSampler _sampler;
    private readonly CgroupScope _scope;
    private readonly CpuCgroups? _cgroups;
    private readonly IReadOnlyDictionary<string, CpuStat> _throttlingAtStart;
    private readonly List<ProcessSample> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;

    private DeploymentProbe(string stateFolder, string runFolder)
    {
        _sampler = new ProcessSampler(new SamplerTargets([runFolder], new Dictionary<string, string>()), TimeSpan.FromSeconds(1));
        _scope = CgroupScope.ForState(stateFolder);
        _cgroups = TryDetectCgroups();
        _throttlingAtStart = ReadThrottling();
        _samples.Add(_sampler.TakeSample(withPss: false));
        _sampling = SampleAsync(_stop.Token);
    }

    /// <summary>Starts sampling the Shop whose state is in <paramref name="stateFolder"/>.</summary>
    public static DeploymentProbe Start(string stateFolder, string runFolder) => new(stateFolder, runFolder);

    /// <summary>Stops sampling and sums up what was seen since the start.</summary>
    public async Task<ProbeResult> StopAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        lock (_samples)
        {
            _samples.Add(_sampler.TakeSample(withPss: false));
        }
        var throttlingAtEnd = ReadThrottling();
        var first = _samples[0];
        var last = _samples[^1];
        var seconds = Math.Max(0.001, (last.At - first.At).TotalSeconds);

        var replicas = new List<ReplicaThrottling>();
        foreach (var (name, end) in throttlingAtEnd)
        {
            var start = _throttlingAtStart.GetValueOrDefault(name) ?? new CpuStat(0, 0, TimeSpan.Zero, TimeSpan.Zero);
            var usage = end.Usage is { } to && start.Usage is { } from ? (to - from).TotalSeconds / seconds : CpuCoresOf(name, first, last, seconds);
            replicas.Add(new ReplicaThrottling(name, ProcessRoles.ServiceOf(name), end.Periods - start.Periods, end.ThrottledPeriods - start.ThrottledPeriods, Math.Round(usage, 3)));
        }
        var shopMemory = last.Processes.Where(p => p.Role == ProcessRole.Shop).Sum(p => p.RssBytes) / 1024.0 / 1024.0;
        return new ProbeResult(
            replicas,
            Math.Round(shopMemory, 1),
            Math.Round(CpuCoresOf("gateway", first, last, seconds), 3),
            Math.Round(PeakBusyShare(_samples, TimeSpan.FromSeconds(5)), 3));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
            await _sampling;
        }
        _stop.Dispose();
    }

    /// <summary>
    /// The machine's busy share between <paramref name="from"/> and <paramref name="to"/> (0–1), from the samples
    /// taken in that time; null when fewer than two were. Read once sampling has stopped.
    /// </summary>
    public double? BusyShare(DateTimeOffset from, DateTimeOffset to)
    {
        lock (_samples)
        {
            return BusyShareBetween(_samples, from, to);
        }
    }

    /// <summary>The machine's busy share over the samples taken between <paramref name="from"/> and <paramref name="to"/>; null with fewer than two.</summary>
    public static double? BusyShareBetween(IReadOnlyList<ProcessSample> samples, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var inside = samples.Where(s => s.At >= from && s.At <= to).ToList();
        if (inside.Count < 2)
        {
            return null;
        }
        var total = inside[^1].MachineTotalSeconds - inside[0].MachineTotalSeconds;
        return total > 0 ? Math.Round((inside[^1].MachineBusySeconds - inside[0].MachineBusySeconds) / total, 3) : null;
    }

    /// <summary>The machine's highest busy share over any <paramref name="window"/> of consecutive samples (0–1).</summary>
    public static double PeakBusyShare(IReadOnlyList<ProcessSample> samples, TimeSpan window)
    {
        var peak = 0.0;
        for (var start = 0; start < samples.Count; start++)
        {
            var end = start + 1;
            while (end < samples.Count - 1 && samples[end].At - samples[start].At < window)
            {
                end++;
            }
            if (end >= samples.Count)
            {
                break;
            }
            var total = samples[end].MachineTotalSeconds - samples[start].MachineTotalSeconds;
            if (total > 0)
            {
                peak = Math.Max(peak, (samples[end].MachineBusySeconds - samples[start].MachineBusySeconds) / total);
            }
        }
        return Math.Clamp(peak, 0, 1);
    }

    private static double CpuCoresOf(string name, ProcessSample first, ProcessSample last, double seconds)
    {
        var from = first.Processes.FirstOrDefault(p => p.Name == name);
        var to = last.Processes.FirstOrDefault(p => p.Name == name);
        return from is not null && to is not null && from.Pid == to.Pid ? Math.Max(0, to.CpuSeconds - from.CpuSeconds) / seconds : 0;
    }

    private static CpuCgroups? TryDetectCgroups()
    {
        try
        {
            return CpuCgroups.Detect();
        }
        catch (CgroupException)
        {
            // No cpu controller: the points have no throttling figures, and say so through an empty list.
            return null;
        }
    }

    private Dictionary<string, CpuStat> ReadThrottling()
    {
        var stats = new Dictionary<string, CpuStat>(StringComparer.Ordinal);
        foreach (var cgroup in _cgroups?.InScope(_scope) ?? [])
        {
            try
            {
                stats[cgroup.Name] = cgroup.ReadStat();
            }
            catch (Exception exception) when (exception is IOException or CgroupException)
            {
                // A replica that stopped meanwhile has no figures.
            }
        }
        return stats;
    }

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var sample = _sampler.TakeSample(withPss: false);
                lock (_samples)
                {
                    _samples.Add(sample);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }
}

/// <param name="Throttling">Per limited replica: periods, throttled periods and mean CPU use.</param>
/// <param name="ShopMemoryMiB">Resident memory of the Shop hosts (replicas and gateway) at the end.</param>
/// <param name="GatewayCpuCores">The gateway's mean CPU use, in cores.</param>
/// <param name="PeakMachineBusyShare">The machine's highest busy share over five seconds.</param>
public sealed record ProbeResult(IReadOnlyList<ReplicaThrottling> Throttling, double ShopMemoryMiB, double GatewayCpuCores, double PeakMachineBusyShare)
{
    /// <summary>The host whose replicas, together, were throttled in the largest share of their periods; null below 5 %.</summary>
    public string? Bottleneck =>
        Throttling.GroupBy(t => t.Host)
            .Select(g => (Host: g.Key, Share: g.Sum(t => t.Periods) > 0 ? (double)g.Sum(t => t.ThrottledPeriods) / g.Sum(t => t.Periods) : 0))
            .Where(h => h.Share >= 0.05)
            .OrderByDescending(h => h.Share)
            .Select(h => h.Host)
            .FirstOrDefault();
}

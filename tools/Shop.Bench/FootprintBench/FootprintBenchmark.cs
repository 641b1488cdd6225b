using Shop.Bench.Cli;
using Shop.Bench.Local;
using Shop.Bench.Report;
using Shop.Bench.Sampling;
using Shop.Bench.Statistics;
using Shop.Topology.Hosts;

namespace Shop.Bench.FootprintBench;

/// <summary>
/// <c>./shop footprint</c>: what each shape costs before it serves a single request. It starts the four services one at
/// a time, then the monolith, each from the copy deploy/local/footprint.sh installed and migrated, with the settings the
/// topology planned for it, and measures
/// <list type="bullet">
/// <item>start-to-ready: from spawning the process to the first "Healthy" answer of /health/ready (database, Redis and
/// the bus connected, migrations already applied), probed every 50 ms, and</item>
/// <item>idle RSS: resident memory once everything of the shape is up and has idled for a while,</item>
/// </list>
/// repeated a few rounds (the median is reported). It prints a table and writes artifacts/footprint/footprint.json, which
/// the Black Friday report reuses. The gateway is left out: it is the same process in both shapes.
/// </summary>
/// <param name="settings">Rounds, idle time, ports.</param>
/// <param name="state">The state folder: installed copies (app/fp-&lt;host&gt;), logs, the run folder.</param>
/// <param name="plans">Where the topology wrote each host's planned environment (&lt;host&gt;.command.env).</param>
/// <param name="root">The repository, where artifacts/footprint/ is.</param>
/// <param name="console">Where it prints.</param>
public sealed class FootprintBenchmark(FootprintSettings settings, ShopStateFolder state, string plans, string root, BenchConsole console)
{
    private static readonly TimeSpan s_probeInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Where the figures go, for the Black Friday report to take them from.</summary>
    public static string OutputFile(string root) => Path.Combine(root, "artifacts", "footprint", ReportAssembler.FootprintFile);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        console.Info($"footprint: {settings.Rounds} rounds, {settings.IdleSeconds}s idle before reading memory");
        var hosts = ShopShape.Microservices.Services.Concat(ShopShape.Monolith.Services).ToList();
        var environments = hosts.ToDictionary(h => h, h => ReadPlan(h));
        var startMs = hosts.ToDictionary(h => h, _ => new List<double>());
        var rssKiB = hosts.ToDictionary(h => h, _ => new List<double>());
        for (var round = 1; round <= settings.Rounds; round++)
        {
            foreach (var shape in ShopShape.All)
            {
                console.Info($"round {round}: {shape}");
                await MeasureShapeAsync(shape, environments, startMs, rssKiB, cancellationToken);
            }
        }

        var report = ReportOf(hosts, h => Median.Of(startMs[h]), h => Median.Of(rssKiB[h]), DateTime.UtcNow);
        var file = OutputFile(root);
        await BenchJson.WriteAsync(file, report, cancellationToken);
        await console.Output.WriteLineAsync();
        await console.Output.WriteLineAsync(Table(hosts, h => Median.Of(startMs[h]), h => Median.Of(rssKiB[h])));
        await console.Output.WriteLineAsync();
        console.Ok($"medians of {settings.Rounds} rounds; written to {file}");
        return 0;
    }

    /// <summary>footprint.json of the medians: per process, and per shape the sum of its processes.</summary>
    public Footprint ReportOf(IReadOnlyList<HostDefinition> hosts, Func<HostDefinition, double> startMs, Func<HostDefinition, double> rssKiB, DateTime measuredAt) => new()
    {
        MeasuredAt = new DateTime(measuredAt.Ticks - (measuredAt.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc),
        Rounds = settings.Rounds,
        IdleSeconds = settings.IdleSeconds,
        Shapes = ShopShape.All.ToDictionary(shape => shape.Name, shape =>
        {
            var members = hosts.Where(shape.Contains).ToList();
            return new FootprintShape
            {
                RssMiB = MiB(members.Sum(rssKiB)),
                StartToReadySeconds = Seconds(members.Sum(startMs)),
                Processes = [.. members.Select(h => new FootprintProcess { Name = h.Name, RssMiB = MiB(rssKiB(h)), StartToReadySeconds = Seconds(startMs(h)) })],
            };
        }, StringComparer.Ordinal),
    };

    /// <summary>The table ./shop footprint prints: each service, their sum, the monolith, and monolith ÷ sum.</summary>
    public static string Table(IReadOnlyList<HostDefinition> hosts, Func<HostDefinition, double> startMs, Func<HostDefinition, double> rssKiB)
    {
        var services = hosts.Where(ShopShape.Microservices.Contains).ToList();
        var monolith = hosts.Single(ShopShape.Monolith.Contains);
        var (sumMs, sumKiB) = (services.Sum(startMs), services.Sum(rssKiB));
        string Row(string name, double ms, double kib) => Format.Invariant($"{name,-22} {ms / 1000,12:F2} s {kib / 1024,8:F1} MiB");
        return string.Join('\n',
        [
            Format.Invariant($"{"PROCESS",-22} {"START-TO-READY",14} {"IDLE-RSS",12}"),
            .. services.Select(h => Row(h.Name, startMs(h), rssKiB(h))),
            Row("microservices (sum)", sumMs, sumKiB),
            Row(monolith.Name, startMs(monolith), rssKiB(monolith)),
            Format.Invariant($"{"monolith ÷ sum",-22} {Decimals.Format(startMs(monolith) / sumMs, 2),14} {Decimals.Format(rssKiB(monolith) / sumKiB, 2),12}"),
        ]);
    }

    // A shape's hosts one after the other on consecutive ports (the monolith on the ninth), then idle, then memory.
    private async Task MeasureShapeAsync(
        ShopShape shape,
        Dictionary<HostDefinition, IReadOnlyList<KeyValuePair<string, string>>> environments,
        Dictionary<HostDefinition, List<double>> startMs,
        Dictionary<HostDefinition, List<double>> rssKiB,
        CancellationToken cancellationToken)
    {
        var running = new List<(HostDefinition Host, RecordedHost Process)>();
        try
        {
            foreach (var host in shape.Services)
            {
                var port = shape == ShopShape.Monolith ? settings.BasePort + 9 : settings.BasePort + 1 + running.Count;
                var process = await RecordedHost.StartAsync(state, "fp-" + host.Name, Path.Combine(state.App, "fp-" + host.Name, host.AssemblyFile),
                    [port], environments[host], s_probeInterval);
                running.Add((host, process));
                startMs[host].Add(process.StartToReady.TotalMilliseconds);
            }
            await Task.Delay(TimeSpan.FromSeconds(settings.IdleSeconds), cancellationToken);
            foreach (var (host, process) in running)
            {
                rssKiB[host].Add(ProcReader.RssKiB(process.ProcessId) ?? throw new InvalidOperationException($"{process.Name} (pid {process.ProcessId}) is gone"));
            }
        }
        finally
        {
            foreach (var (_, process) in running)
            {
                await process.DisposeAsync();
            }
        }
    }

    private IReadOnlyList<KeyValuePair<string, string>> ReadPlan(HostDefinition host)
    {
        var file = Path.Combine(plans, host.Name + ".command.env");
        return File.Exists(file)
            ? ShopStateFolder.ReadEnvironmentFile(file)
            : throw new InvalidDataException($"no planned environment {file}: deploy/local/footprint.sh plans every host before it starts this");
    }

    private static double MiB(double kib) => Decimals.Round(kib / 1024, 1);

    private static double Seconds(double ms) => Decimals.Round(ms / 1000, 2);
}

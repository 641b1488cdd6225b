using System.Globalization;
using Shop.Bench.BlackFriday;
using Shop.Bench.Cli;
using Shop.Bench.Local;
using Shop.Bench.Report;
using Shop.LoadTest.Reports;
using Shop.Topology;
using Shop.Topology.Hosts;

namespace Shop.Bench.Scaling;

/// <summary>
/// <c>./shop bench scaling</c>: who needs what for the spike. Every replica of a Shop host runs under the same CPU limit,
/// like a pod's. For each journey mix it searches the capacity of the microservices with one replica per service, gives
/// the most throttled service (the bottleneck) the next replica and searches again, up to the most replicas asked for;
/// the same for the monolith scaled 1, 2, …. A curve stops early where the machine, not the limits, became the
/// constraint. Then, under a constant load at 60 % of a deployment's capacity, it makes faults (a reporting rebuild,
/// reporting hogging the CPU, a catalog replica killed) and measures checkouts before, during and after, in both shapes.
/// It writes scaling.json and the report (section "Scaling and isolation") in artifacts/reports/&lt;timestamp&gt;-scaling/.
/// </summary>
public sealed class ScalingBench(ScalingSettings settings, BenchShop shop, BenchTools tools, ShopStateFolder developerState, BenchConsole console)
{
    /// <summary>The raw measurements, from which the report is made (and can be made again).</summary>
    public const string MeasurementsFile = ScalingReportWriter.MeasuredFile;

    private readonly ShopScript _shop = new(shop.Root, new Dictionary<string, string>(shop.ShopEnvironment)
    {
        // Reporting's fault switch, for the CPU hog; the hosts then run in the Bench environment, where it is allowed.
        ["SHOP_REPORTING_FAULTS"] = "true",
    });

    private readonly List<ScalingPoint> _points = [];
    private readonly List<IsolationExperiment> _isolation = [];
    private string? _folder;
    private DateTimeOffset _startedAt;
    private bool _otherShopRunning;
    private string _commit = "";

    /// <summary>Runs the bench; returns the exit code (0 done, 1 failed, <paramref name="interruptedExit"/> when cancelled).</summary>
    public async Task<int> RunAsync(Func<int> interruptedExit, CancellationToken cancellationToken)
    {
        var status = 0;
        try
        {
            await MeasureAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            status = interruptedExit();
        }
        catch (Exception exception)
        {
            console.Error(exception.Message);
            status = 1;
        }
        console.Info("stopping the bench's Shop");
        if (await _shop.RunAsync(["down"], quiet: true, CancellationToken.None, silent: true) != 0)
        {
            console.Warn($"./shop down of the bench state failed; see ./shop status with SHOP_STATE={shop.State.Path}");
        }
        if (_folder is not null)
        {
            if (status != 0)
            {
                console.Warn($"the bench stopped early (exit {status}); reporting what it measured so far");
            }
            await WriteAsync(CancellationToken.None);
            var report = await ScalingReportWriter.RenderAsync(_folder, CancellationToken.None);
            await console.Output.WriteLineAsync(ScalingReportWriter.Headline(report, Path.GetRelativePath(shop.Root, _folder)));
        }
        return status;
    }

    private async Task MeasureAsync(CancellationToken cancellationToken)
    {
        tools.Require();
        _otherShopRunning = developerState.ShopProcessRunning();
        if (_otherShopRunning)
        {
            console.Warn($"the Shop of ./shop up is running ({developerState.Path}): it shares the cores with the bench. Stop it (./shop down) for cleaner figures.");
        }
        _startedAt = DateTimeOffset.UtcNow;
        _commit = await CommitAsync(cancellationToken);
        var clock = TimeProvider.System.GetTimestamp();
        _folder = Path.Combine(shop.Root, "artifacts", "reports", _startedAt.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-scaling");
        Directory.CreateDirectory(_folder);
        console.Info($"bench state {shop.State.Path}, report {Path.GetRelativePath(shop.Root, _folder)}; every replica limited to {Cores(settings.ReplicaCpuLimit)} cores");

        // One Shop for the whole bench: ./shop up changes replicas and limits of what runs, so every point meets the same
        // servers and data; the hot products are restocked before each search (the admin key), so none starts sold out.
        await _shop.RequireAsync(["down", "--purge"], quiet: true, cancellationToken);
        shop.State.EnsureFolders();

        // Shape by shape: switching shapes restarts every process (under their limits, a minute or two), changing
        // replicas does not.
        foreach (var shape in settings.Shapes.Select(ShopShape.Named))
        {
            foreach (var mix in settings.Mixes)
            {
                await MeasureCurveAsync(shape, mix, cancellationToken);
                await WriteAsync(cancellationToken);
            }
            if (settings.Isolation)
            {
                await MeasureIsolationAsync(shape, cancellationToken);
                await WriteAsync(cancellationToken);
            }
        }
        console.Ok(Format.Invariant($"scaling bench done in {TimeProvider.System.GetElapsedTime(clock).TotalMinutes:0.0} min"));
    }

    // Microservices: one replica each, then the bottleneck gets the next one. Monolith: 1, 2, … replicas.
    private async Task MeasureCurveAsync(ShopShape shape, string mix, CancellationToken cancellationToken)
    {
        var replicas = shape.Services.ToDictionary(h => h.Name, _ => 1, StringComparer.Ordinal);
        double? previous = null;
        for (var point = 1; point <= settings.MaxReplicas; point++)
        {
            var measured = await MeasurePointAsync(shape, mix, replicas, settings.ReplicaCpuLimit, previous, cancellationToken);
            _points.Add(measured);
            previous = measured.Capacity;
            if (measured.MachineBound)
            {
                console.Warn($"{shape} ({mix}): {measured.MachineBoundReason}; more replicas would measure the machine, so the curve stops here");
                break;
            }
            var next = shape == ShopShape.Monolith ? ShopTopology.Monolith.Name : measured.Bottleneck ?? ShopTopology.Catalog.Name;
            replicas[next]++;
        }
    }

    private async Task<ScalingPoint> MeasurePointAsync(
        ShopShape shape, string mix, IReadOnlyDictionary<string, int> replicas, double limit, double? previousCapacity, CancellationToken cancellationToken)
    {
        var label = $"{shape} {ReplicasText(replicas)} at {Cores(limit)} cores each, {mix}";
        await UpAsync(shape, replicas, limit, cancellationToken);
        console.Info($"{label}: capacity search");
        var clock = TimeProvider.System.GetTimestamp();
        var file = Path.Combine(_folder!, $"capacity-{shape}-{mix}-{_points.Count + 1}.json");
        var probe = DeploymentProbe.Start(shop.State.Path, shop.State.Run);
        ProbeResult probed;
        await using (probe)
        {
            var start = StartRate(shape, mix, replicas, limit, previousCapacity);
            if (await RunLoadGeneratorAsync(CapacityArguments(mix, start, file), cancellationToken) != 0)
            {
                console.Warn($"{label}: the capacity search failed (see above)");
            }
            probed = await probe.StopAsync();
        }
        var capacity = await ReportFile.ReadIfExistsAsync<CapacityReport>(file, cancellationToken);
        var passing = capacity?.Steps.Where(s => s.Passed).OrderByDescending(s => s.Rate).FirstOrDefault();
        // How busy the machine was at the capacity, not over the whole search: the failing step above it overloads every
        // process, the unlimited servers and gateway too, and fills the machine whatever bound the capacity.
        var busyAtCapacity = passing is { StartedAt: { } from, EndedAt: { } to } ? probe.BusyShare(Utc(from), Utc(to)) : null;
        var machineBusy = busyAtCapacity ?? probed.PeakMachineBusyShare;
        var machineBound = machineBusy >= ScalingSettings.MachineBoundBusyShare;
        var result = new ScalingPoint(
            shape.Name,
            mix,
            new Dictionary<string, int>(replicas, StringComparer.Ordinal),
            capacity?.CapacityRate ?? 0,
            capacity is { Steps.Count: > 0 } && capacity.Steps.All(s => s.Passed),
            Math.Round(replicas.Values.Sum() * limit, 3),
            probed.ShopMemoryMiB,
            probed.GatewayCpuCores,
            machineBusy,
            probed.Throttling,
            probed.Bottleneck,
            machineBound,
            machineBound
                ? Format.Invariant($"the machine was {machineBusy:P0} busy {(busyAtCapacity is null ? "at its busiest during the search" : "at the capacity")} ({Environment.ProcessorCount} cores, gateway, servers and load generator included)")
                : "",
            passing?.CheckoutP99Ms ?? 0,
            Math.Round(TimeProvider.System.GetElapsedTime(clock).TotalSeconds, 1));
        var bottleneck = result.Bottleneck is { } host
            ? Format.Invariant($"; bottleneck {host} ({probed.Throttling.Where(t => t.Host == host).Max(t => t.ThrottledShare):P0} of periods throttled)")
            : "";
        console.Ok(Format.Invariant($"{label}: {result.Capacity:0.#} journeys/s{(result.CapacityIsLowerBound ? " (at least)" : "")}, {result.CpuQuotaCores:0.##} cores of quota, {result.MemoryMiB:0} MiB{bottleneck}, machine {result.MachineBusyShare:P0} busy"));
        return result;
    }

    /// <summary>
    /// Where a capacity search starts: near the nearest capacity already measured, so it takes a few steps, not a dozen
    /// from a rate any deployment sustains. At the curve's last capacity (the next point has one replica more), else a
    /// little below the same deployment's capacity with the other mix, else below the shape's last point with this
    /// mix; a guess above the capacity costs a step or two down (<c>capacity</c> searches down when its first step fails).
    /// </summary>
    private double StartRate(ShopShape shape, string mix, IReadOnlyDictionary<string, int> replicas, double limit, double? previousCapacity)
    {
        if (previousCapacity is > 0 and var previous)
        {
            return Math.Max(1, Math.Round(previous, 1));
        }
        var sameShape = _points.Where(p => p.Shape == shape.Name && p.Capacity > 0).ToList();
        var nearest = sameShape.LastOrDefault(p => SameReplicas(p.Replicas, replicas) && Math.Abs(p.CpuQuotaCores - (replicas.Values.Sum() * limit)) < 0.001)?.Capacity
            ?? sameShape.LastOrDefault(p => p.Mix == mix)?.Capacity
            ?? ScalingSettings.FirstGuessRate;
        return Math.Max(1, Math.Round(nearest * ScalingSettings.StartBelowNearest, 1));
    }

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));

    private static bool SameReplicas(IReadOnlyDictionary<string, int> left, IReadOnlyDictionary<string, int> right) =>
        left.Count == right.Count && left.All(pair => right.TryGetValue(pair.Key, out var count) && count == pair.Value);

    private List<string> CapacityArguments(string mix, double startRate, string file) =>
    [
        "capacity", "--target", shop.Gateway, "--scenario", mix, "--seed", Seed, "--admin-key-file", shop.State.AdminKeyFile,
        "--start-rate", Number(startRate), "--factor", settings.Quick ? "2" : "1.5",
        "--step-seconds", Number(settings.StepSeconds), "--pause-seconds", settings.Quick ? "1" : "2",
        "--warmup-seconds", Number(settings.Quick ? 3 : ScalingSettings.WarmUpSeconds), "--checkout-p99-ms", Number(ScalingSettings.CheckoutP99Ms),
        .. settings.Quick ? ["--no-bisect"] : Array.Empty<string>(), "--out", file, "--no-progress",
    ];

    // The same total quota in both shapes, so that what differs is how it is split: the services with the catalog twice
    // (the replica the last experiment kills), the monolith as two replicas of two and a half limits each.
    private async Task MeasureIsolationAsync(ShopShape shape, CancellationToken cancellationToken)
    {
        // Checkouts are what the experiments watch: the checkout-heavy mix gives each window enough of them.
        const string Mix = ScalingMixes.Checkout;
        Dictionary<string, int> replicas;
        double limit;
        ScalingPoint capacityPoint;
        if (settings.Quick && _points.LastOrDefault(p => p.Shape == shape.Name && p.Mix == Mix) is { } measured)
        {
            // --quick: the deployment its curve left running (the point just measured), and the capacity measured for it.
            (replicas, limit, capacityPoint) = (new Dictionary<string, int>(measured.Replicas, StringComparer.Ordinal), settings.ReplicaCpuLimit, measured);
        }
        else
        {
            replicas = shape == ShopShape.Monolith
                ? new Dictionary<string, int>(StringComparer.Ordinal) { [ShopTopology.Monolith.Name] = 2 }
                : shape.Services.ToDictionary(h => h.Name, h => h == ShopTopology.Catalog ? 2 : 1, StringComparer.Ordinal);
            var servicesReplicas = ShopShape.Microservices.Services.Count + 1;
            limit = shape == ShopShape.Monolith ? Math.Round(settings.ReplicaCpuLimit * servicesReplicas / 2, 3) : settings.ReplicaCpuLimit;
            capacityPoint = await MeasurePointAsync(shape, Mix, replicas, limit, null, cancellationToken);
        }
        var rate = Math.Max(1, Math.Round(capacityPoint.Capacity * ScalingSettings.IsolationLoadShare, 1));
        var scenario = await ConstantLoadScenario.WriteAsync(tools, Mix, rate, settings.WindowSeconds, Path.Combine(_folder!, $"isolation-{shape}.scenario.json"), cancellationToken);
        var faults = new IsolationFaultMaker(_shop, shop, shape, console);
        foreach (var fault in settings.Faults)
        {
            console.Info(Format.Invariant($"{shape}: {fault} under {rate:0.#} journeys/s ({ScalingSettings.IsolationLoadShare:P0} of {capacityPoint.Capacity:0.#})"));
            var before = await RunWindowAsync(shape, fault, IsolationWindowNames.Before, scenario, cancellationToken);
            var longest = TimeSpan.FromSeconds(settings.WindowSeconds + 30);
            var description = "";
            IsolationWindow? during;
            try
            {
                if (fault == IsolationFaults.CatalogReplicaKilled)
                {
                    // Killed under load, inside the window: the window then holds the kill itself and what the gateway
                    // does about it. (Killed before, the generator's own setup met the dead replica instead.)
                    var window = RunWindowAsync(shape, fault, IsolationWindowNames.During, scenario, cancellationToken);
                    await Task.Delay(ScalingSettings.KillAfter, cancellationToken);
                    description = await faults.StartAsync(fault, longest, cancellationToken);
                    during = await window;
                }
                else
                {
                    description = await faults.StartAsync(fault, longest, cancellationToken);
                    during = await RunWindowAsync(shape, fault, IsolationWindowNames.During, scenario, cancellationToken);
                }
            }
            finally
            {
                description = await faults.StopAsync(fault, description, CancellationToken.None);
            }
            if (fault == IsolationFaults.CatalogReplicaKilled)
            {
                // The killed replica back, as a supervisor (or Kubernetes) would bring it.
                await UpAsync(shape, replicas, limit, cancellationToken);
            }
            var after = await RunWindowAsync(shape, fault, IsolationWindowNames.After, scenario, cancellationToken);
            // A window whose run failed has no figures: it is left out (the report flags it missing), never shown as zeros.
            IsolationWindow?[] windows = [before, during, after];
            var experiment = new IsolationExperiment(shape.Name, fault, description, replicas, capacityPoint.CpuQuotaCores, capacityPoint.Capacity, rate, [.. windows.OfType<IsolationWindow>()]);
            _isolation.Add(experiment);
            console.Ok($"{shape} {fault}: checkout p99 {string.Join(" -> ", windows.Select(w => w is null ? "no data" : Format.Invariant($"{w.CheckoutP99Ms:0} ms")))}, "
                + $"success {string.Join(" -> ", windows.Select(w => w is null ? "no data" : Format.Invariant($"{w.CheckoutSuccess:P1}")))}");
        }
    }

    private async Task<IsolationWindow?> RunWindowAsync(ShopShape shape, string fault, string window, string scenario, CancellationToken cancellationToken)
    {
        var file = Path.Combine(_folder!, $"isolation-{shape}-{fault}-{window}.run.json");
        List<string> run = ["run", "--target", shop.Gateway, "--scenario", scenario, "--seed", Seed, "--admin-key-file", shop.State.AdminKeyFile, "--out", file, "--no-progress"];
        if (await RunLoadGeneratorAsync(run, cancellationToken) != 0)
        {
            console.Warn($"{shape} {fault} {window}: the load run failed (see above)");
        }
        var report = await ReportFile.ReadIfExistsAsync<RunReport>(file, cancellationToken);
        return report is null ? null : IsolationWindows.From(window, report);
    }

    private async Task UpAsync(ShopShape shape, IReadOnlyDictionary<string, int> replicas, double limit, CancellationToken cancellationToken)
    {
        var cpus = string.Join(',', replicas.Keys.Select(host => $"{host}={Number(limit)}").Append($"{ShopTopology.Gateway.Name}=none"));
        List<string> up = ["up", .. shape == ShopShape.Monolith ? ["--monolith"] : Array.Empty<string>(), "--replicas", ReplicasText(replicas), "--cpus", cpus];
        console.Info($"./shop {string.Join(' ', up)}");
        await _shop.RequireAsync(up, quiet: true, cancellationToken);
    }

    private async Task WriteAsync(CancellationToken cancellationToken)
    {
        var measured = new ScalingReport
        {
            StartedAt = _startedAt,
            EndedAt = DateTimeOffset.UtcNow,
            Conditions = new ScalingConditions
            {
                ReplicaCpuLimit = settings.ReplicaCpuLimit,
                MaxReplicas = settings.MaxReplicas,
                Mixes = settings.Mixes,
                CheckoutP99Ms = ScalingSettings.CheckoutP99Ms,
                ScenarioPeakRate = await ScenarioPeakAsync(cancellationToken),
                StepSeconds = settings.StepSeconds,
                IsolationLoadShare = ScalingSettings.IsolationLoadShare,
                WindowSeconds = settings.WindowSeconds,
                Quick = settings.Quick,
                OtherShopRunning = _otherShopRunning,
                GitCommit = _commit,
            },
            Machine = MachineInfoReader.Current(),
            Points = [.. _points],
            Isolation = [.. _isolation],
        };
        await BenchJson.WriteAsync(Path.Combine(_folder!, MeasurementsFile), measured, cancellationToken);
    }

    // The scenario's own peak (scale 1), as the capacity searches recorded it.
    private async Task<double> ScenarioPeakAsync(CancellationToken cancellationToken)
    {
        foreach (var file in Directory.EnumerateFiles(_folder!, "capacity-*.json").Order(StringComparer.Ordinal))
        {
            if (await ReportFile.ReadIfExistsAsync<CapacityReport>(file, cancellationToken) is { ScenarioPeakRate: > 0 } capacity)
            {
                return capacity.ScenarioPeakRate;
            }
        }
        return 0;
    }

    private async Task<string> CommitAsync(CancellationToken cancellationToken)
    {
        var commit = await ChildProcess.CaptureAsync(new ChildCommand("git", ["-C", shop.Root, "rev-parse", "--short", "HEAD"]) { QuietErrors = true }, cancellationToken);
        return commit.ExitCode == 0 ? commit.Output.Trim() : "";
    }

    private Task<int> RunLoadGeneratorAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        ChildProcess.RunAsync(tools.LoadGeneratorCommand(arguments) with { PidFile = Path.Combine(shop.State.Run, "loadgen.generator.pid") }, cancellationToken);

    private string Seed => settings.Seed.ToString(CultureInfo.InvariantCulture);

    private static string ReplicasText(IReadOnlyDictionary<string, int> replicas) => string.Join(',', replicas.Select(r => $"{r.Key}={r.Value}"));

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Cores(double value) => Number(value);
}

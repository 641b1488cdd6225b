using System.Globalization;
using System.Text.Json.Nodes;
using Shop.Bench.BlackFriday;
using Shop.Bench.Cli;
using Shop.Bench.Local;
using Shop.Bench.Report;
using Shop.Bench.Sampling;
using Shop.LoadTest.Reports;
using Shop.Topology.Hosts;

namespace Shop.Bench.Journeys;

/// <summary>
/// <c>./shop bench journeys</c>: where a journey's CPU goes, in minutes rather than the Black Friday bench's twenty. Each
/// shape starts from an empty state on the bench's own Shop, gets a warm-up of the mixed load, idles for a window, then
/// runs each journey alone at a constant rate it sustains. The CPU of every process tree is sampled once a second; the
/// difference between the samples around a window, divided by the journeys and requests that completed in it, is what
/// one journey costs in each component. It writes journeys.json and report.md in artifacts/reports/&lt;timestamp&gt;-journeys/.
/// </summary>
public sealed class JourneysBench(JourneysSettings settings, BenchShop shop, BenchTools tools, ShopStateFolder developerState, BenchConsole console)
{
    public const string MeasuredFile = "journeys.json";
    public const string MarkdownFile = "report.md";

    private readonly ShopScript _shop = new(shop.Root, shop.ShopEnvironment);
    private readonly List<ShapeJourneys> _shapes = [];
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
            var report = await WriteAsync(CancellationToken.None);
            await console.Output.WriteLineAsync($"report: {Path.Combine(Path.GetRelativePath(shop.Root, _folder), MarkdownFile)} (also {MeasuredFile})");
            foreach (var shape in report.Shapes)
            {
                await console.Output.WriteLineAsync($"{shape.Shape}:");
                await console.Output.WriteLineAsync(JourneysMarkdown.CostTable(shape));
            }
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
        var commit = await ChildProcess.CaptureAsync(new ChildCommand("git", ["-C", shop.Root, "rev-parse", "--short", "HEAD"]) { QuietErrors = true }, cancellationToken);
        _commit = commit.ExitCode == 0 ? commit.Output.Trim() : "";
        var clock = TimeProvider.System.GetTimestamp();
        _folder = Path.Combine(shop.Root, "artifacts", "reports", _startedAt.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-journeys");
        Directory.CreateDirectory(_folder);
        console.Info($"bench state {shop.State.Path}, report {Path.GetRelativePath(shop.Root, _folder)}");

        foreach (var shape in settings.Shapes.Select(ShopShape.Named))
        {
            await _shop.RequireAsync(["down", "--purge"], quiet: true, cancellationToken);
            shop.State.EnsureFolders();
            console.Info($"{shape}: starting from an empty state");
            await _shop.RequireAsync(shape == ShopShape.Monolith ? ["up", "--monolith"] : ["up"], quiet: true, cancellationToken);
            await MeasureShapeAsync(shape, cancellationToken);
            await WriteAsync(cancellationToken);
        }
        console.Ok(Format.Invariant($"journeys bench done in {TimeProvider.System.GetElapsedTime(clock).TotalMinutes:0.0} min"));
    }

    private async Task MeasureShapeAsync(ShopShape shape, CancellationToken cancellationToken)
    {
        var pids = Path.Combine(_folder!, $"pids-{shape}");
        Directory.CreateDirectory(pids);
        var sampler = new ProcessSampler(new SamplerTargets([shop.State.Run, pids], new Dictionary<string, string> { ["postgres"] = shop.State.PostgresPidFile }), TimeSpan.FromSeconds(1));

        console.Info(Format.Invariant($"{shape}: {settings.WarmUpSeconds:0}-s warm-up, the Black Friday mix at {WarmUpRate:0} journeys/s"));
        var warmUp = await WriteScenarioAsync(shape, "warm-up", null, WarmUpRate, settings.WarmUpSeconds, cancellationToken);
        await RunAsync(shape, warmUp, Path.Combine(_folder!, $"{shape}-warm-up.run.json"), pids, cancellationToken);

        // The warm-up's last requests leave work behind (the runtime recompiling what became hot, messages in flight):
        // the idle window starts once that has settled.
        console.Info(Format.Invariant($"{shape}: {settings.IdleSeconds:0} s idle, after {SettleSeconds:0} s to settle"));
        await Task.Delay(TimeSpan.FromSeconds(SettleSeconds), cancellationToken);
        var idleStart = sampler.TakeSample(withPss: false);
        await Task.Delay(TimeSpan.FromSeconds(settings.IdleSeconds), cancellationToken);
        var idle = JourneyCost.Between(idleStart, sampler.TakeSample(withPss: false), run: null);

        var windows = new List<JourneyWindow>();
        foreach (var rate in settings.Rates)
        {
            console.Info(Format.Invariant($"{shape}: {rate.Journey} alone at {rate.Rate:0.#} journeys/s for {settings.Seconds:0} s"));
            var scenario = await WriteScenarioAsync(shape, rate.Journey, rate.Journey, rate.Rate, LeadInSeconds + settings.Seconds, cancellationToken);
            var runFile = Path.Combine(_folder!, $"{shape}-{rate.Journey}.run.json");
            var samples = new List<ProcessSample>();
            using (var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                var sampling = SampleAsync(sampler, samples, stop.Token);
                await RunAsync(shape, scenario, runFile, pids, cancellationToken);
                await stop.CancelAsync();
                await sampling;
            }
            var run = await ReportFile.ReadIfExistsAsync<RunReport>(runFile, cancellationToken);
            if (run is null || Window(samples, run) is not var (first, last))
            {
                console.Warn($"{shape} {rate.Journey}: no run report or no samples within the run; left out");
                continue;
            }
            var cost = JourneyCost.Between(first, last, run);
            var window = new JourneyWindow(rate.Journey, rate.Rate, cost, StepLatency.Of(run), JourneyWindow.ProblemsOf(run, cost));
            windows.Add(window);
            console.Ok(Format.Invariant($"{shape} {rate.Journey}: {cost.ShapeMsPerJourney:0.00} ms of CPU per journey, {cost.ShapeUsPerRequest:0} µs per request ({cost.Journeys} journeys, {cost.Requests} requests)") +
                (window.Valid ? "" : $"; not to be trusted: {string.Join("; ", window.Problems)}"));
        }
        _shapes.Add(new ShapeJourneys(shape.Name, idle, windows));
    }

    /// <summary>Between the warm-up and the idle window: long enough for the background JIT and the last messages.</summary>
    private const double SettleSeconds = 10;

    /// <summary>
    /// The mixed load that warms each shape: below both shapes' capacities, every journey and step. At 20 journeys/s
    /// for 20 s the catalog was still recompiling hot code afterwards (a fifth of a core with no load at all).
    /// </summary>
    private const double WarmUpRate = 30;

    /// <summary>
    /// Each journey runs alone this long before its window opens: the switch from the mixed warm-up to one journey
    /// at its own rate (new connections, the journey's code paths getting hot) is not part of what it costs.
    /// </summary>
    private const double LeadInSeconds = 5;

    /// <summary>
    /// The samples that bound the window: the first taken after the lead-in, the last before the schedule ended. The
    /// generator's sign-ins happen before its start, the drain after its end: neither is a journey of the window.
    /// </summary>
    private static (ProcessSample First, ProcessSample Last)? Window(IReadOnlyList<ProcessSample> samples, RunReport run)
    {
        var schedule = new DateTimeOffset(DateTime.SpecifyKind(run.StartedAt, DateTimeKind.Utc));
        var start = schedule.AddSeconds(LeadInSeconds);
        var end = schedule.AddSeconds(run.DurationSeconds);
        var inside = samples.Where(s => s.At >= start && s.At <= end).ToList();
        return inside.Count >= 2 ? (inside[0], inside[^1]) : null;
    }

    private static async Task SampleAsync(ProcessSampler sampler, List<ProcessSample> samples, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            do
            {
                samples.Add(sampler.TakeSample(withPss: false));
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException)
        {
            // The run ended; the samples taken are the window's.
        }
    }

    // The shipped Black Friday scenario (its catalog, buyers, checkout settings) with one constant phase and, for a
    // journey's window, that journey alone.
    private async Task<string> WriteScenarioAsync(ShopShape shape, string label, string? journey, double rate, double seconds, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_folder!, $"{shape}-{label}.scenario.json");
        await Scaling.ConstantLoadScenario.WriteAsync(tools, "blackfriday", rate, seconds, path, cancellationToken);
        if (journey is not null)
        {
            var scenario = (JsonObject)JsonNode.Parse(await File.ReadAllTextAsync(path, cancellationToken))!;
            scenario["name"] = $"{journey}-alone";
            scenario["journeys"] = new JsonArray(new JsonObject { ["name"] = journey, ["weight"] = 1 });
            await File.WriteAllTextAsync(path, scenario.ToJsonString(new() { WriteIndented = true }), cancellationToken);
        }
        return path;
    }

    private async Task RunAsync(ShopShape shape, string scenario, string runFile, string pids, CancellationToken cancellationToken)
    {
        List<string> run = ["run", "--target", shop.Gateway, "--scenario", scenario, "--seed", settings.Seed.ToString(CultureInfo.InvariantCulture),
            "--admin-key-file", shop.State.AdminKeyFile, "--out", runFile, "--no-progress"];
        if (await ChildProcess.RunAsync(tools.LoadGeneratorCommand(run) with { PidFile = Path.Combine(pids, "loadgen.pid") }, cancellationToken) != 0)
        {
            console.Warn($"{shape}: the load run {Path.GetFileName(runFile)} failed (see above)");
        }
    }

    private async Task<JourneysReport> WriteAsync(CancellationToken cancellationToken)
    {
        var report = new JourneysReport
        {
            StartedAt = _startedAt,
            EndedAt = DateTimeOffset.UtcNow,
            GitCommit = _commit,
            Machine = MachineInfoReader.Current(),
            WindowSeconds = settings.Seconds,
            WarmUpSeconds = settings.WarmUpSeconds,
            Quick = settings.Quick,
            OtherShopRunning = _otherShopRunning,
            Shapes = [.. _shapes],
        };
        await BenchJson.WriteAsync(Path.Combine(_folder!, MeasuredFile), report, cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(_folder!, MarkdownFile), JourneysMarkdown.Render(report), cancellationToken);
        return report;
    }
}

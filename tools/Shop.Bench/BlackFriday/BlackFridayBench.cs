using System.Globalization;
using Npgsql;
using Shop.Bench.Cli;
using Shop.Bench.FootprintBench;
using Shop.Bench.Local;
using Shop.Bench.Report;
using Shop.Bench.Statistics;
using Shop.Bench.Wrk;
using Shop.LoadTest.Reports;
using Shop.Topology.Hosts;

namespace Shop.Bench.BlackFriday;

/// <summary>
/// <c>./shop bench blackfriday</c>: microservices and monolith on the same Black Friday, on this machine. Once per bench it
/// measures the machine's ceilings: a plain Kestrel endpoint direct and through the gateway with wrk, and the load
/// generator's own maximum on the same endpoint. Then it searches each shape's capacity, on the bench's own Shop started
/// from an empty state, and checks the invariants after it; from the slower capacity it chooses the scenario's scale
/// (<see cref="ScenarioScaling"/>). Then, for each shape in turn, it starts the Shop from an empty state again (same
/// catalog seed, same generator seed, cold caches), samples CPU and memory of every process once a second while the
/// scaled scenario runs, checks the invariants (no order lost or duplicated, stock conserved, reports equal orders),
/// reads what Prometheus recorded and stops everything. It writes artifacts/reports/&lt;timestamp&gt;/report.{json,md,html};
/// a bench that stops early reports what it measured.
/// </summary>
public sealed class BlackFridayBench(BlackFridaySettings settings, BenchShop shop, BenchTools tools, ShopStateFolder developerState, BenchConsole console)
{
    public const int IdleSeconds = 10;
    public const int WrkConnections = 32;

    /// <summary>Long enough for a fresh gateway to tier up its JIT code (about 8 s under load here, README: Gateway benchmark).</summary>
    public const string WrkWarmup = "10s";

    public const string WrkDuration = "10s";

    private readonly ShopScript _shop = new(shop.Root, shop.ShopEnvironment);
    private readonly WrkRunner _wrk = WrkRunner.OnLastCore();
    private string? _reportDirectory;
    private ChildProcess? _sampler;

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
        await CleanUpAsync(status);
        return status;
    }

    private async Task MeasureAsync(CancellationToken cancellationToken)
    {
        tools.Require();
        var otherShopRunning = developerState.ShopProcessRunning();
        if (otherShopRunning)
        {
            console.Warn($"the Shop of ./shop up is running ({developerState.Path}): it shares the cores with the bench. Stop it (./shop down) for cleaner figures.");
        }
        var startedAt = DateTimeOffset.UtcNow;
        var clock = TimeProvider.System.GetTimestamp();
        _reportDirectory = Path.Combine(shop.Root, "artifacts", "reports", startedAt.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(_reportDirectory);
        console.Info($"bench state {shop.State.Path}, report {Path.GetRelativePath(shop.Root, _reportDirectory)}");
        var settingsFile = Path.Combine(_reportDirectory, ReportAssembler.SettingsFile);
        await BenchJson.WriteAsync(settingsFile, await SettingsAsync(startedAt, otherShopRunning, scale: null, cancellationToken), cancellationToken);

        var ceilingsMeasured = false;
        async Task ResetAsync()
        {
            await ResetStateAsync(cancellationToken);
            if (!ceilingsMeasured)
            {
                await MeasureCeilingsAsync(_reportDirectory, cancellationToken);
                ceilingsMeasured = true;
            }
        }

        // Every capacity before any scenario: the scale comes from the slower shape, and both shapes run the same one.
        var capacities = new List<(string Shape, CapacityReport? Capacity)>();
        if (!settings.SkipCapacity)
        {
            foreach (var shape in settings.Shapes)
            {
                await ResetAsync();
                capacities.Add((shape, await MeasureCapacityAsync(ShopShape.Named(shape), Path.Combine(_reportDirectory, shape), cancellationToken)));
            }
        }
        var scale = ScenarioScaling.Choose(settings.Scale, settings.SkipCapacity, capacities);
        console.Info($"scenario {settings.Scenario} at scale {ScenarioScaling.Argument(scale)}: {scale.Reason}");
        await BenchJson.WriteAsync(settingsFile, await SettingsAsync(startedAt, otherShopRunning, scale, cancellationToken), cancellationToken);

        foreach (var shape in settings.Shapes)
        {
            await ResetAsync();
            await MeasureScenarioAsync(ShopShape.Named(shape), Path.Combine(_reportDirectory, shape), scale, cancellationToken);
        }

        // Idle memory and start-to-ready time of each shape, measured by ./shop footprint on the bench's own servers.
        console.Info("idle footprint of each shape (./shop footprint)");
        await ResetStateAsync(cancellationToken);
        if (await _shop.RunAsync(["footprint"], quiet: false, cancellationToken) == 0)
        {
            File.Copy(FootprintBenchmark.OutputFile(shop.Root), Path.Combine(_reportDirectory, ReportAssembler.FootprintFile), overwrite: true);
        }
        else
        {
            console.Warn("./shop footprint failed; the report goes without it");
        }

        console.Info("report");
        await BenchSteps.WriteReportAsync(_reportDirectory, console.Output, cancellationToken);
        console.Ok(Format.Invariant($"bench done in {TimeProvider.System.GetElapsedTime(clock).TotalMinutes:0.0} min"));
    }

    /// <param name="startedAt">When the bench started.</param>
    /// <param name="otherShopRunning">The Shop of ./shop up shares the cores.</param>
    /// <param name="scale">How the scenario's scale was chosen; null before it is.</param>
    /// <param name="cancellationToken">Stops git.</param>
    private async Task<BenchSettings> SettingsAsync(DateTimeOffset startedAt, bool otherShopRunning, ScaleChoice? scale, CancellationToken cancellationToken)
    {
        var commit = await GitAsync(["rev-parse", "--short", "HEAD"], cancellationToken) is (0, var hash) ? hash.Trim() : "";
        if (commit.Length > 0 && await GitAsync(["diff", "--quiet", "HEAD"], cancellationToken) is (not 0, _))
        {
            commit += "+changes";
        }
        return new BenchSettings
        {
            StartedAt = new DateTimeOffset(startedAt.Ticks - (startedAt.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero),
            Scenario = settings.ScenarioName,
            Shapes = settings.Shapes,
            Scale = scale?.Scale ?? (settings.Scale is { } given ? double.Parse(given, CultureInfo.InvariantCulture) : 1),
            ScaleChoice = scale,
            Duration = settings.Duration,
            Replicas = settings.Replicas,
            Cpus = settings.Cpus,
            SkipCapacity = settings.SkipCapacity,
            GitCommit = commit,
            OtherShopRunning = otherShopRunning,
        };
    }

    private Task<(int ExitCode, string Output)> GitAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        ChildProcess.CaptureAsync(new ChildCommand("git", ["-C", shop.Root, .. arguments]) { QuietErrors = true }, cancellationToken);

    // Empties the bench's state: servers stopped, data deleted. The next ./shop up starts from initdb, migrations and the
    // deterministic seed, so every shape meets the same catalog and cold caches.
    private async Task ResetStateAsync(CancellationToken cancellationToken)
    {
        await _shop.RequireAsync(["down", "--purge"], quiet: true, cancellationToken);
        // The invariant checks' pooled connections went with the PostgreSQL server; a shape measured again (its capacity,
        // then its scenario) would otherwise get one of them back, closed by the server's shutdown.
        NpgsqlConnection.ClearAllPools();
        shop.State.EnsureFolders();
    }

    // The machine's ceilings, with nothing else of the bench running: the ./shop bench gateway pair (a plain Kestrel
    // endpoint direct and through a gateway with the production settings), then the generator on the same endpoint.
    // wrk and the generator are pinned to the same core, so both leave the server the same share of the machine.
    private async Task MeasureCeilingsAsync(string reportDirectory, CancellationToken cancellationToken)
    {
        console.Info("machine ceilings");
        var folder = Path.Combine(reportDirectory, ReportAssembler.CeilingsFolder);
        Directory.CreateDirectory(folder);
        await using (var plain = await StartAsync(BenchHosts.StartPlainAsync(shop.State, tools.PlainKestrel, BenchShop.PlainPort), BenchShop.PlainPort))
        await using (var gateway = await StartAsync(
            BenchHosts.StartGatewayAsync(shop.State, tools.Gateway, BenchShop.CeilingGatewayPort, BenchHosts.ThrowawaySecrets(), BenchShop.PlainPort + 1),
            BenchShop.CeilingGatewayPort))
        {
            var plainUrl = BenchHosts.Url(BenchShop.PlainPort, BenchHosts.PlainPath);
            await MeasureWrkAsync(folder, ReportAssembler.WrkPlainDirectFile, "plain Kestrel, direct", plainUrl, cancellationToken);
            await MeasureWrkAsync(folder, ReportAssembler.WrkPlainGatewayFile, "plain Kestrel, through the gateway",
                BenchHosts.Url(BenchShop.CeilingGatewayPort, BenchHosts.PlainPath), cancellationToken);

            console.Info($"generator maximum on {plainUrl} (pinned to core {_wrk.Core} like wrk)");
            var maxRate = tools.LoadGeneratorCommand(
                ["max-rate", "--url", plainUrl.ToString(), "--seconds", "10", "--out", Path.Combine(folder, ReportAssembler.MaxRateFile), "--no-progress"]);
            if (await ChildProcess.RunAsync(maxRate.OnCore(_wrk.Core), cancellationToken) != 0)
            {
                console.Warn("the generator's max-rate measurement failed; the report will lack that ceiling");
            }
        }
    }

    private async Task<RecordedHost> StartAsync(Task<RecordedHost> starting, int port)
    {
        var host = await starting;
        console.Ok($"{host.Name} ready on http://127.0.0.1:{port} (pid {host.ProcessId})");
        return host;
    }

    private async Task MeasureWrkAsync(string folder, string file, string label, Uri url, CancellationToken cancellationToken)
    {
        await _wrk.WarmAsync(url, WrkConnections, WrkWarmup, cancellationToken);
        var measured = await _wrk.MeasureAsync(url, WrkConnections, WrkDuration, cancellationToken);
        if (measured.ErrorResponses > 0)
        {
            console.ErrorDetail(measured.Printed);
            throw new IOException($"{url} answered errors during the ceiling measurement");
        }
        await BenchJson.WriteAsync(Path.Combine(folder, file), new WrkResult
        {
            Case = label,
            Url = url.ToString(),
            Rps = measured.RequestsPerSecond,
            P50 = measured.P50,
            P99 = measured.P99,
            Connections = WrkConnections,
            Duration = WrkDuration,
        }, cancellationToken);
        await console.Output.WriteLineAsync(Format.Invariant($"  {"wrk, " + label,-42} {measured.RequestsPerSecondText,10} rps   p50 {measured.P50,-9} p99 {measured.P99}"));
    }

    // ./shop up of the shape from an empty state; false (and the shop down again) when it failed.
    private async Task<bool> StartShapeAsync(ShopShape shape, string directory, bool recordStart, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.Combine(directory, "pids"));
        var replicas = settings.ReplicasFor(shape.Name);
        var cpus = settings.CpusFor(shape.Name);
        List<string> up =
        [
            "up", .. shape == ShopShape.Monolith ? ["--monolith"] : Array.Empty<string>(),
            .. replicas.Length > 0 ? ["--replicas", replicas] : Array.Empty<string>(),
            .. cpus.Length > 0 ? ["--cpus", cpus] : Array.Empty<string>(),
        ];

        console.Info($"{shape}: starting from an empty state");
        var started = TimeProvider.System.GetTimestamp();
        if (await _shop.RunAsync(up, quiet: false, cancellationToken) != 0)
        {
            // The other shape can still be measured; the report says this one has no figures.
            console.Warn($"{shape}: ./shop up failed; the report will have no figures for it");
            await _shop.RunAsync(["down"], quiet: true, cancellationToken, silent: true);
            return false;
        }
        if (recordStart)
        {
            var upSeconds = Decimals.Round(TimeProvider.System.GetElapsedTime(started).TotalSeconds, 1);
            await BenchJson.WriteAsync(Path.Combine(directory, ReportAssembler.ShapeFile), new ShapeStart { Shape = shape.Name, Replicas = replicas, Cpus = cpus, UpSeconds = upSeconds }, cancellationToken);
        }
        return true;
    }

    // The shape's capacity search on a shop of its own (the scenario then starts from an empty state again), and the
    // invariants after it; null when it did not finish.
    private async Task<CapacityReport?> MeasureCapacityAsync(ShopShape shape, string directory, CancellationToken cancellationToken)
    {
        if (!await StartShapeAsync(shape, directory, recordStart: false, cancellationToken))
        {
            return null;
        }
        var pids = Path.Combine(directory, "pids");
        var databases = BenchShop.Databases(shape);
        console.Info($"{shape}: capacity search");
        var baseline = await BenchSteps.CaptureBaselineAsync(databases, console.Output, cancellationToken);
        var capacityFile = Path.Combine(directory, ReportAssembler.CapacityFile);
        // No admin key: the generator would restock the hot products before the search, units the stock invariant could
        // not tell from sales. A sold-out product is a 409 stock-out, an expected outcome the criterion does not count.
        List<string> capacity =
        [
            "capacity", "--target", shop.Gateway, "--scenario", settings.Scenario, "--seed", Seed,
            "--out", capacityFile, .. settings.CapacityArguments, .. NoProgress,
        ];
        if (await RunLoadGeneratorAsync(capacity, pids, cancellationToken) != 0)
        {
            console.Warn($"{shape}: the capacity search failed (see above)");
        }
        console.Info($"{shape}: invariants after the capacity search");
        await WarnOnFailureAsync($"{shape}: the invariant check failed", () =>
            BenchSteps.CheckInvariantsAsync(databases, "capacity search", baseline, run: null, settings.Settle, shape == ShopShape.Monolith ? null : shop.RabbitManagement,
                Path.Combine(directory, ReportAssembler.InvariantsAfterCapacityFile), console.Output, cancellationToken), cancellationToken);
        var logs = Path.Combine(directory, "logs", "capacity");
        Directory.CreateDirectory(logs);
        CopyLogs(logs);
        await _shop.RequireAsync(["down"], quiet: true, cancellationToken);
        return await ReportFile.ReadIfExistsAsync<CapacityReport>(capacityFile, cancellationToken);
    }

    private async Task MeasureScenarioAsync(ShopShape shape, string directory, ScaleChoice scale, CancellationToken cancellationToken)
    {
        if (!await StartShapeAsync(shape, directory, recordStart: true, cancellationToken))
        {
            return;
        }
        var pids = Path.Combine(directory, "pids");
        Directory.CreateDirectory(Path.Combine(directory, "logs"));
        var databases = BenchShop.Databases(shape);
        var management = shape == ShopShape.Monolith ? null : shop.RabbitManagement;
        var baseline = await BenchSteps.CaptureBaselineAsync(databases, console.Output, cancellationToken);
        var windowStart = DateTimeOffset.UtcNow;
        // A process of its own, as the sampler always was: this one's children (./shop, wrk, the generator once it ended)
        // would otherwise add up in its CPU time.
        _sampler = ChildProcess.Start(new ChildCommand("dotnet",
            [
                BenchTools.Bench, "sample", "--pid-dir", shop.State.Run, "--pid-dir", pids, "--pid-file", "postgres=" + shop.State.PostgresPidFile,
                "--out", Path.Combine(directory, ReportAssembler.ProcessesFile),
            ])
        { LogFile = Path.Combine(directory, "sampler.log") });
        console.Info($"{shape}: {IdleSeconds}s idle, for the idle memory figures");
        await Task.Delay(TimeSpan.FromSeconds(IdleSeconds), cancellationToken);

        var scaleArgument = ScenarioScaling.Argument(scale);
        console.Info($"{shape}: scenario {settings.Scenario} (scale {scaleArgument}{(settings.Duration.Length > 0 ? ", duration " + settings.Duration : "")})");
        var runFile = Path.Combine(directory, ReportAssembler.RunFile);
        List<string> run =
        [
            "run", "--target", shop.Gateway, "--scenario", settings.Scenario, "--scale", scaleArgument,
            "--seed", Seed, "--admin-key-file", shop.State.AdminKeyFile, "--out", runFile,
            .. settings.Duration.Length > 0 ? ["--duration", settings.Duration] : Array.Empty<string>(),
            .. NoProgress,
        ];
        if (await RunLoadGeneratorAsync(run, pids, cancellationToken) != 0)
        {
            console.Warn($"{shape}: the scenario run failed (see above); the report will flag it");
        }

        console.Info($"{shape}: invariants after the scenario (waiting up to {settings.Settle.TotalSeconds:0}s for pending orders)");
        if (File.Exists(runFile))
        {
            await WarnOnFailureAsync($"{shape}: the invariant check failed", async () =>
                await BenchSteps.CheckInvariantsAsync(databases, ShapeFiguresCalculator.AfterScenario, baseline,
                    await ReportFile.ReadAsync<RunReport>(runFile, cancellationToken), settings.Settle, management,
                    Path.Combine(directory, ReportAssembler.InvariantsFile), console.Output, cancellationToken), cancellationToken);
        }

        await StopSamplerAsync();
        await WarnOnFailureAsync($"{shape}: reading Prometheus failed", () =>
            BenchSteps.CapturePrometheusAsync(shop.Prometheus, windowStart, DateTimeOffset.UtcNow, TimeSpan.FromSeconds(5),
                Path.Combine(directory, ReportAssembler.PrometheusFile), console.Output, cancellationToken), cancellationToken);
        CopyLogs(Path.Combine(directory, "logs"));
        if (!Directory.EnumerateFileSystemEntries(pids).Any())
        {
            Directory.Delete(pids);
        }
        await _shop.RequireAsync(["down"], quiet: true, cancellationToken);
        console.Ok($"{shape} measured");
    }

    private string Seed => settings.Seed.ToString(CultureInfo.InvariantCulture);

    // Plain lines instead of the live table when the output is a log, not a terminal.
    private static string[] NoProgress => Console.IsOutputRedirected ? ["--no-progress"] : [];

    // The generator runs as a child of its own, its pid in the shape's pid folder, so the sampler sees its CPU apart
    // from the shop's: it is the client's.
    private Task<int> RunLoadGeneratorAsync(IReadOnlyList<string> arguments, string pids, CancellationToken cancellationToken) =>
        ChildProcess.RunAsync(tools.LoadGeneratorCommand(arguments) with { PidFile = Path.Combine(pids, "loadgen.pid") }, cancellationToken);

    private async Task WarnOnFailureAsync(string warning, Func<Task> step, CancellationToken cancellationToken)
    {
        try
        {
            await step();
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            console.Error(exception.Message);
            console.Warn(warning);
        }
    }

    private void CopyLogs(string folder)
    {
        if (!Directory.Exists(shop.State.Logs))
        {
            return;
        }
        foreach (var log in Directory.EnumerateFiles(shop.State.Logs, "*.log"))
        {
            try
            {
                File.Copy(log, Path.Combine(folder, Path.GetFileName(log)), overwrite: true);
            }
            catch (IOException)
            {
                // A log that vanished or cannot be read is left out; the figures do not depend on it.
            }
        }
    }

    private async Task StopSamplerAsync()
    {
        if (_sampler is { } sampler)
        {
            _sampler = null;
            using (sampler)
            {
                await sampler.StopAsync();
            }
        }
    }

    private async Task CleanUpAsync(int status)
    {
        await StopSamplerAsync();
        console.Info("stopping the bench's Shop");
        if (await _shop.RunAsync(["down"], quiet: true, CancellationToken.None, silent: true) != 0)
        {
            console.Warn($"./shop down of the bench state failed; see ./shop status with SHOP_STATE={shop.State.Path}");
        }
        if (status != 0 && _reportDirectory is not null)
        {
            console.Warn($"the bench stopped early (exit {status}); reporting what it measured so far");
            try
            {
                await BenchSteps.WriteReportAsync(_reportDirectory, console.Output, CancellationToken.None);
            }
            catch (Exception exception) when (exception is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                console.Error(exception.Message);
            }
        }
    }
}

using System.Text.Json;
using Npgsql;
using Shop.Bench.BlackFriday;
using Shop.Bench.FootprintBench;
using Shop.Bench.GatewayBench;
using Shop.Bench.Invariants;
using Shop.Bench.Journeys;
using Shop.Bench.Local;
using Shop.Bench.Report;
using Shop.Bench.Sampling;
using Shop.Bench.Scaling;
using Shop.CommandLine;
using Shop.LoadTest.Reports;

namespace Shop.Bench.Cli;

/// <summary>
/// Shop.Bench's commands: <c>run</c>, the Black Friday bench deploy/local/bench-shop.sh starts, and each of its
/// steps on its own.
/// </summary>
public static class BenchCommandLine
{
    public const string Usage = """
        Usage: Shop.Bench <command> [options]

          run         [--shape microservices|monolith|both] [--replicas catalog=2,...] [--scale 1.0] [--duration 4m]
                      [--scenario blackfriday|smoke|<file.json>] [--skip-capacity]
                      the Black Friday bench, as ./shop bench blackfriday runs it (which installs this tool first):
                      ceilings, then each shape from an empty state; report in artifacts/reports/<timestamp>/

          scaling     [--quick] [--limit 0.25] [--max-replicas 4] [--shape ...] [--mix ...] [--skip-isolation]
                      the scaling bench, as ./shop bench scaling runs it: every replica under the same CPU limit, the
                      scale-out curves of both shapes and the fault isolation experiments; report in
                      artifacts/reports/<timestamp>-scaling/

          journeys    [--shape ...] [--rates browse=30,add-to-cart=20,checkout=8] [--seconds 30] [--quick]
                      the journeys bench, as ./shop bench journeys runs it: each journey alone at a constant rate, CPU
                      per journey per component, both shapes; report in artifacts/reports/<timestamp>-journeys/

          gateway     the gateway benchmark, as ./shop bench gateway runs it (after ./shop up and installing its hosts):
                      wrk direct and through the gateway, interleaved rounds; figures in artifacts/bench/gateway-*.json

          footprint   [--rounds 3] [--idle 15]
                      idle memory and start-to-ready time of the monolith vs the four services, as ./shop footprint runs
                      it (after installing and migrating the hosts); figures in artifacts/footprint/footprint.json

        The steps of a bench, one at a time:
          sample      --out processes.ndjson --pid-dir <dir> [--pid-dir ...] [--pid-file name=path ...] [--interval 1]
                      every interval, CPU seconds and memory of every process tree named by a pid file; runs until SIGTERM
          baseline    --catalog <conn> --order <conn> --reporting <conn> --out baseline.json
                      stock per product and orders before a run
          invariants  --catalog <conn> --order <conn> --reporting <conn> --baseline baseline.json --out invariants.json
                      [--after scenario] [--run run.json] [--settle-seconds 120] [--rabbitmq-management http://user:pass@host:port]
                      waits until orders, outboxes and reports settle, then checks: orders final, none duplicated or lost,
                      stock conserved, reports equal orders, outboxes sent, error queues empty
          prometheus  --url http://127.0.0.1:19090 --from <ISO time> --to <ISO time> [--step 5] --out prometheus.json
                      request rates, outbox backlog, queue depth, CPU and memory over the window
          report      --dir artifacts/reports/<timestamp>
                      merges a bench folder into report.json, report.md and report.html
          scaling-report <folder>
                      renders the scaling bench's scaling.json in <folder> again as report.json, report.md and report.html

        Exit codes: 0 done (a broken invariant is a finding in the json, not a failure), 1 failed, 2 bad arguments.
        """;

    private static readonly CommandSyntax s_sample = new("sample") { Values = ["out", "interval"], Repeatable = ["pid-dir", "pid-file"] };
    private static readonly CommandSyntax s_baseline = new("baseline") { Values = ["catalog", "order", "reporting", "out"] };
    private static readonly CommandSyntax s_invariants = new("invariants")
    {
        Values = ["catalog", "order", "reporting", "baseline", "out", "after", "run", "settle-seconds", "rabbitmq-management"],
    };
    private static readonly CommandSyntax s_prometheus = new("prometheus") { Values = ["url", "from", "to", "step", "out"] };
    private static readonly CommandSyntax s_report = new("report") { Values = ["dir"] };

    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        if (args.Length == 0 || args[0] is "help" or "-h" or "--help")
        {
            await output.WriteLineAsync(Usage);
            return args.Length == 0 ? 2 : 0;
        }
        try
        {
            var rest = args[1..];
            return args[0] switch
            {
                "run" => await BlackFridayAsync(rest, cancellationToken),
                "scaling" => await ScalingAsync(rest, cancellationToken),
                "journeys" => await JourneysAsync(rest, cancellationToken),
                "gateway" => await GatewayAsync(rest, cancellationToken),
                "footprint" => await FootprintAsync(rest, cancellationToken),
                "sample" => await SampleAsync(CommandArguments.Parse(rest, s_sample), output, cancellationToken),
                "baseline" => await BaselineAsync(CommandArguments.Parse(rest, s_baseline), output, cancellationToken),
                "invariants" => await InvariantsAsync(CommandArguments.Parse(rest, s_invariants), output, cancellationToken),
                "prometheus" => await PrometheusAsync(CommandArguments.Parse(rest, s_prometheus), output, cancellationToken),
                "report" => await ReportAsync(CommandArguments.Parse(rest, s_report), output, cancellationToken),
                "scaling-report" => await ScalingReportAsync(rest, output, cancellationToken),
                _ => throw new UsageException($"unknown command '{args[0]}'"),
            };
        }
        catch (UsageException exception)
        {
            await Console.Error.WriteLineAsync($"error: {exception.Message}\n\n{Usage}");
            return UsageException.ExitCode;
        }
        catch (Exception exception) when (exception is IOException or InvalidDataException or JsonException or NpgsqlException or HttpRequestException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"error: {exception.Message}");
            return 1;
        }
    }

    private static async Task<int> SampleAsync(CommandArguments options, TextWriter output, CancellationToken cancellationToken)
    {
        var pidFiles = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var spec in options.All("pid-file"))
        {
            var equals = spec.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new UsageException($"--pid-file takes name=path, got '{spec}'");
            }
            pidFiles[spec[..equals]] = spec[(equals + 1)..];
        }
        var interval = TimeSpan.FromSeconds(options.Number("interval", 1));
        var sampler = new ProcessSampler(new SamplerTargets(options.All("pid-dir"), pidFiles), interval);
        var outputPath = options.Required("out");

        // SIGTERM ends the sampling; the file is complete up to the last line written.
        using var stop = new Interruption(cancellationToken);
        await output.WriteLineAsync($"sampling every {interval.TotalSeconds:0.##} s into {outputPath} until SIGTERM");
        await sampler.RunAsync(outputPath, stop.Token);
        return 0;
    }

    private static ShopDatabases Databases(CommandArguments options) =>
        new(options.Required("catalog"), options.Required("order"), options.Required("reporting"));

    private static async Task<int> BaselineAsync(CommandArguments options, TextWriter output, CancellationToken cancellationToken)
    {
        var baseline = await BenchSteps.CaptureBaselineAsync(Databases(options), output, cancellationToken);
        await BenchJson.WriteAsync(options.Required("out"), baseline, cancellationToken);
        return 0;
    }

    private static async Task<int> InvariantsAsync(CommandArguments options, TextWriter output, CancellationToken cancellationToken)
    {
        var baseline = await BenchJson.ReadAsync<StockBaseline>(options.Required("baseline"), cancellationToken);
        var run = options.Value("run") is { } runPath ? await ReportFile.ReadAsync<RunReport>(runPath, cancellationToken) : null;
        await BenchSteps.CheckInvariantsAsync(
            Databases(options),
            options.Value("after") ?? ShapeFiguresCalculator.AfterScenario,
            baseline,
            run,
            TimeSpan.FromSeconds(options.Number("settle-seconds", 120)),
            options.Value("rabbitmq-management") is { } url ? new Uri(url) : null,
            options.Required("out"),
            output,
            cancellationToken);
        return 0;
    }

    private static async Task<int> PrometheusAsync(CommandArguments options, TextWriter output, CancellationToken cancellationToken)
    {
        var url = new Uri(options.Required("url"));
        var from = options.Time("from");
        var to = options.Time("to");
        if (to <= from)
        {
            throw new UsageException("--to must be after --from");
        }
        await BenchSteps.CapturePrometheusAsync(url, from, to, TimeSpan.FromSeconds(options.Number("step", 5)), options.Required("out"), output, cancellationToken);
        return 0;
    }

    private static async Task<int> ReportAsync(CommandArguments options, TextWriter output, CancellationToken cancellationToken)
    {
        var directory = options.Required("dir");
        if (!Directory.Exists(directory))
        {
            throw new UsageException($"no folder {directory}");
        }
        await BenchSteps.WriteReportAsync(directory, output, cancellationToken);
        return 0;
    }

    private static async Task<int> ScalingReportAsync(string[] arguments, TextWriter output, CancellationToken cancellationToken)
    {
        if (arguments is not [var folder] || folder.StartsWith('-'))
        {
            throw new UsageException("scaling-report takes one folder, the one holding scaling.json");
        }
        if (!File.Exists(Path.Combine(folder, ScalingReportWriter.MeasuredFile)))
        {
            throw new UsageException($"no {ScalingReportWriter.MeasuredFile} in {folder}");
        }
        var report = await ScalingReportWriter.RenderAsync(folder, cancellationToken);
        await output.WriteLineAsync(ScalingReportWriter.Headline(report, folder));
        return 0;
    }

    private static Task<int> BlackFridayAsync(string[] arguments, CancellationToken cancellationToken) =>
        BenchAsync(arguments, BlackFridaySettings.Usage, developerState => BlackFridaySettings.Parse(
            CommandArguments.Parse(arguments, BlackFridaySettings.Syntax), Environment.GetEnvironmentVariable, RepositoryRoot(), developerState.Path),
            (settings, developerState) => new BlackFridayBench(
                settings, new BenchShop(RepositoryRoot(), new ShopStateFolder(settings.StateFolder)), BenchTools.BesideThisTool(), developerState, BenchConsole.Standard).RunAsync,
            cancellationToken);

    private static Task<int> ScalingAsync(string[] arguments, CancellationToken cancellationToken) =>
        BenchAsync(arguments, ScalingSettings.Usage, developerState => ScalingSettings.Parse(
            CommandArguments.Parse(arguments, ScalingSettings.Syntax), Environment.GetEnvironmentVariable, RepositoryRoot(), developerState.Path),
            (settings, developerState) => new ScalingBench(
                settings, new BenchShop(RepositoryRoot(), new ShopStateFolder(settings.StateFolder)), BenchTools.BesideThisTool(), developerState, BenchConsole.Standard).RunAsync,
            cancellationToken);

    private static Task<int> JourneysAsync(string[] arguments, CancellationToken cancellationToken) =>
        BenchAsync(arguments, JourneysSettings.Usage, developerState => JourneysSettings.Parse(
            CommandArguments.Parse(arguments, JourneysSettings.Syntax), Environment.GetEnvironmentVariable, RepositoryRoot(), developerState.Path),
            (settings, developerState) => new JourneysBench(
                settings, new BenchShop(RepositoryRoot(), new ShopStateFolder(settings.StateFolder)), BenchTools.BesideThisTool(), developerState, BenchConsole.Standard).RunAsync,
            cancellationToken);

    // A bench on the bench's own Shop: --help, its settings (a usage error prints the usage), then the run, which Ctrl+C
    // or SIGTERM interrupts so that it stops its Shop and reports what it measured.
    private static async Task<int> BenchAsync<TSettings>(
        string[] arguments,
        string usage,
        Func<ShopStateFolder, TSettings> parse,
        Func<TSettings, ShopStateFolder, Func<Func<int>, CancellationToken, Task<int>>> bench,
        CancellationToken cancellationToken)
    {
        if (arguments is ["-h" or "--help"])
        {
            await Console.Out.WriteLineAsync(usage);
            return 0;
        }
        var developerState = ShopStateFolder.FromEnvironment(RepositoryRoot());
        TSettings settings;
        try
        {
            settings = parse(developerState);
        }
        catch (UsageException exception)
        {
            await Console.Error.WriteLineAsync($"error: {exception.Message}\n\n{usage}");
            return UsageException.ExitCode;
        }
        using var interruption = new Interruption(cancellationToken);
        return await bench(settings, developerState)(() => interruption.ExitCode, interruption.Token);
    }

    private static async Task<int> GatewayAsync(string[] arguments, CancellationToken cancellationToken)
    {
        if (arguments is ["-h" or "--help"])
        {
            await Console.Out.WriteLineAsync(GatewayBenchSettings.Usage);
            return 0;
        }
        GatewayBenchSettings settings;
        try
        {
            settings = GatewayBenchSettings.Parse(arguments, Environment.GetEnvironmentVariable);
        }
        catch (UsageException exception)
        {
            await Console.Error.WriteLineAsync($"error: {exception.Message}\n\n{GatewayBenchSettings.Usage}");
            return UsageException.ExitCode;
        }
        var root = RepositoryRoot();
        return await MeasureAsync(console => new GatewayBenchmark(settings, ShopStateFolder.FromEnvironment(root), root, console).RunAsync, cancellationToken);
    }

    private static async Task<int> FootprintAsync(string[] arguments, CancellationToken cancellationToken)
    {
        FootprintSettings settings;
        try
        {
            settings = FootprintSettings.Parse(CommandArguments.Parse(arguments, FootprintSettings.Syntax), Environment.GetEnvironmentVariable);
        }
        catch (UsageException exception)
        {
            await Console.Error.WriteLineAsync($"error: {exception.Message}\n{FootprintSettings.Usage}");
            return UsageException.ExitCode;
        }
        var root = RepositoryRoot();
        var state = ShopStateFolder.FromEnvironment(root);
        // deploy/local/footprint.sh plans into a folder of its own, so the plans of a running ./shop stay as they are.
        var plans = Environment.GetEnvironmentVariable("SHOP_PLANS") is { Length: > 0 } given ? given : state.Plans;
        return await MeasureAsync(console => new FootprintBenchmark(settings, state, plans, root, console).RunAsync, cancellationToken);
    }

    // A benchmark until it ends, fails (1, the reason printed) or is interrupted (130 or 143); its processes are its
    // children and stop with it.
    private static async Task<int> MeasureAsync(Func<BenchConsole, Func<CancellationToken, Task<int>>> benchmark, CancellationToken cancellationToken)
    {
        var console = BenchConsole.Standard;
        using var interruption = new Interruption(cancellationToken);
        try
        {
            return await benchmark(console)(interruption.Token);
        }
        catch (OperationCanceledException) when (interruption.Token.IsCancellationRequested)
        {
            return interruption.ExitCode;
        }
        catch (Exception exception)
        {
            console.Error(exception.Message);
            return 1;
        }
    }

    // ./shop exports where the repository is; run by hand, the current folder is taken if it is the repository.
    private static string RepositoryRoot()
    {
        var root = Environment.GetEnvironmentVariable("SHOP_ROOT") is { Length: > 0 } given ? given : Directory.GetCurrentDirectory();
        return File.Exists(Path.Combine(root, "shop"))
            ? Path.GetFullPath(root)
            : throw new UsageException($"{root} is not Shop's repository (no ./shop): run this through ./shop, or from the repository");
    }
}

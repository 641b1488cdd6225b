using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Npgsql;
using Shop.Bench.Invariants;
using Shop.Bench.Prometheus;
using Shop.Bench.Rendering;
using Shop.Bench.Report;
using Shop.Bench.Sampling;
using Shop.CommandLine;
using Shop.LoadTest.Reports;

namespace Shop.Bench.Cli;

/// <summary>The commands deploy/local/bench-blackfriday.sh calls, one per step of a bench.</summary>
public static class BenchCommandLine
{
    public const string Usage = """
        Usage: Shop.Bench <command> [options]

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
                "sample" => await SampleAsync(CommandArguments.Parse(rest, s_sample), output, cancellationToken),
                "baseline" => await BaselineAsync(CommandArguments.Parse(rest, s_baseline), output, cancellationToken),
                "invariants" => await InvariantsAsync(CommandArguments.Parse(rest, s_invariants), output, cancellationToken),
                "prometheus" => await PrometheusAsync(CommandArguments.Parse(rest, s_prometheus), output, cancellationToken),
                "report" => await ReportAsync(CommandArguments.Parse(rest, s_report), output, cancellationToken),
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

        // SIGTERM from the bench script ends the sampling; the file is complete up to the last line written.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        await output.WriteLineAsync($"sampling every {interval.TotalSeconds:0.##} s into {outputPath} until SIGTERM");
        await sampler.RunAsync(outputPath, stop.Token);
        return 0;
    }

    private static ShopDatabases Databases(CommandArguments options) =>
        new(options.Required("catalog"), options.Required("order"), options.Required("reporting"));

    private static async Task<int> BaselineAsync(CommandArguments options, TextWriter output, CancellationToken cancellationToken)
    {
        var baseline = await new InvariantChecker(Databases(options)).CaptureBaselineAsync(cancellationToken);
        await BenchJson.WriteAsync(options.Required("out"), baseline, cancellationToken);
        await output.WriteLineAsync($"baseline: {baseline.Stock.Count:N0} products, {baseline.Stock.Values.Sum(s => (long)s):N0} units in stock, {baseline.Orders:N0} orders");
        return 0;
    }

    private static async Task<int> InvariantsAsync(CommandArguments options, TextWriter output, CancellationToken cancellationToken)
    {
        var baseline = await BenchJson.ReadAsync<StockBaseline>(options.Required("baseline"), cancellationToken);
        var run = options.Value("run") is { } runPath ? await ReportFile.ReadAsync<RunReport>(runPath, cancellationToken) : null;
        using var management = options.Value("rabbitmq-management") is { } url ? ManagementClient(new Uri(url)) : null;
        var checker = new InvariantChecker(Databases(options));
        var report = await checker.CheckAsync(
            options.Value("after") ?? ShapeFiguresCalculator.AfterScenario,
            baseline,
            run,
            TimeSpan.FromSeconds(options.Number("settle-seconds", 120)),
            management is null ? null : InvariantChecker.RabbitMqErrorQueues(management),
            cancellationToken);
        await BenchJson.WriteAsync(options.Required("out"), report, cancellationToken);
        foreach (var check in report.Checks)
        {
            await output.WriteLineAsync($"  {(check.Passed ? "ok    " : "BROKEN")} {check.Title}: {check.Detail}");
        }
        await output.WriteLineAsync(report.SettledAt is null
            ? $"  the shop had not settled after {report.SettleSeconds:0} s"
            : $"  settled after {report.SettleSeconds:0} s");
        return 0;
    }

    // The management API takes basic auth; the bench passes it in the URL (http://shop:shop@127.0.0.1:15674).
    private static HttpClient ManagementClient(Uri url)
    {
        var client = new HttpClient { BaseAddress = new Uri(url.GetLeftPart(UriPartial.Authority) + "/"), Timeout = TimeSpan.FromSeconds(10) };
        if (!string.IsNullOrEmpty(url.UserInfo))
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(url.UserInfo))));
        }
        return client;
    }

    private static async Task<int> PrometheusAsync(CommandArguments options, TextWriter output, CancellationToken cancellationToken)
    {
        var url = options.Required("url").TrimEnd('/') + "/";
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
        var from = options.Time("from");
        var to = options.Time("to");
        if (to <= from)
        {
            throw new UsageException("--to must be after --from");
        }
        var capture = await new PrometheusClient(http).CaptureAsync(from, to, TimeSpan.FromSeconds(options.Number("step", 5)), cancellationToken);
        await BenchJson.WriteAsync(options.Required("out"), capture, cancellationToken);
        var failed = capture.Ranges.Concat(capture.Totals).Count(q => q.Error is not null);
        await output.WriteLineAsync($"prometheus: {capture.Ranges.Sum(r => r.Series.Count)} series over {(to - from).TotalSeconds:0} s, {capture.TargetsUp}/{capture.Targets} targets up" +
            (failed > 0 ? $", {failed} queries failed" : ""));
        return 0;
    }

    private static async Task<int> ReportAsync(CommandArguments options, TextWriter output, CancellationToken cancellationToken)
    {
        var directory = options.Required("dir");
        if (!Directory.Exists(directory))
        {
            throw new UsageException($"no folder {directory}");
        }
        var report = await ReportAssembler.AssembleAsync(directory, MachineInfoReader.Current(), DateTimeOffset.UtcNow, cancellationToken);
        await BenchJson.WriteAsync(Path.Combine(directory, "report.json"), report, cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, "report.md"), MarkdownReport.Render(report), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, "report.html"), HtmlReport.Render(report), cancellationToken);
        await output.WriteLineAsync(Headline(report, directory));
        return 0;
    }

    /// <summary>What the bench prints at the end: where the report is and the figures that matter most.</summary>
    public static string Headline(BenchReport report, string directory)
    {
        var text = new StringBuilder();
        text.AppendLine($"report: {Path.Combine(directory, "report.html")} (also report.md, report.json)");
        foreach (var shape in report.Shapes)
        {
            var f = shape.Figures;
            var invariants = f.InvariantsPassed switch { true => "held", false => "BROKEN", null => Format.Missing };
            text.AppendLine(
                $"  {shape.Name,-14} capacity {(f.CapacityIsLowerBound ? "≥ " : "")}{Format.Number(f.CapacityRate)} journeys/s   checkout p99 {Format.Ms(f.CheckoutP99Ms)}   " +
                $"CPU/1,000 orders {Format.Number(f.CpuSecondsPerThousandOrders)} s   peak memory {Format.MiB(f.PeakMemoryMiBShop)}   invariants {invariants}");
        }
        if (report.Comparison is { } c)
        {
            text.AppendLine($"  microservices ÷ monolith: capacity {Format.Ratio(c.CapacityRatio, c.CapacityRatioBound)}, CPU per order {Format.Ratio(c.CpuPerOrderRatio)}, checkout p99 {Format.Ratio(c.CheckoutP99Ratio)}, peak memory {Format.Ratio(c.PeakMemoryRatio)}");
        }
        foreach (var goal in report.Goals)
        {
            text.AppendLine($"  goal: {goal.Description}: {Format.Ratio(goal.Achieved, goal.Bound)} ({ReportTables.StatusText(goal.Status)})");
        }
        var problems = report.Validity.Count(v => v.Severity == Severity.Error);
        var caveats = report.Validity.Count(v => v.Severity == Severity.Warning);
        if (problems + caveats > 0)
        {
            text.AppendLine($"  validity: {problems} problem(s), {caveats} caveat(s) — see the top of the report");
        }
        return text.ToString().TrimEnd();
    }
}

using Shop.CommandLine;
using Shop.LoadTest.Journeys;
using Shop.LoadTest.Progress;
using Shop.LoadTest.Reports;
using Shop.LoadTest.Running;
using Shop.LoadTest.Scenarios;
using Shop.LoadTest.Scheduling;
using Spectre.Console;

namespace Shop.LoadTest.Cli;

/// <summary>
/// The tool's commands: <c>run</c>, <c>capacity</c> and <c>max-rate</c>. Exit codes: 0 when the command completed
/// (a run that is not valid still completes: its verdict is in the JSON), 2 for a wrong command line or scenario,
/// 1 when it failed (target unreachable, setup refused, interrupted).
/// </summary>
public static class LoadTestCli
{
    public const int Completed = 0;
    public const int Failed = 1;
    public const int BadArguments = UsageException.ExitCode;

    private static readonly string[] s_commonFlags = ["no-progress", "allow-remote", "raise-priority"];

    private static readonly CommandSyntax s_run = new("run")
    {
        Values = ["target", "scenario", "scale", "duration", "admin-key", "admin-key-file", "out", "seed", "max-concurrency", "connections"],
        Flags = s_commonFlags,
    };

    private static readonly CommandSyntax s_capacity = new("capacity")
    {
        Values =
        [
            "target", "scenario", "admin-key", "admin-key-file", "out", "start-rate", "step-seconds", "max-rate", "factor", "pause-seconds", "warmup-seconds",
            "checkout-p99-ms", "max-error-ratio", "seed", "max-concurrency", "connections",
        ],
        Flags = [.. s_commonFlags, "no-bisect"],
    };

    private static readonly CommandSyntax s_maxRate = new("max-rate")
    {
        Values = ["url", "seconds", "out", "start-rate", "step-seconds", "connections"],
        Flags = s_commonFlags,
    };

    public const string Usage = """
        Shop.LoadTest — open-model load generator for Shop.

        Usage:
          run       --scenario blackfriday|smoke|<file.json> [--target http://127.0.0.1:8080] [--scale 1.0]
                    [--duration <seconds|4m|hh:mm:ss>] [--admin-key <key> | --admin-key-file <path>] [--out run.json]
                    [--seed N] [--max-concurrency N] [--connections N] [--no-progress] [--allow-remote] [--raise-priority]
          capacity  [--target ...] [--scenario blackfriday] [--admin-key ... | --admin-key-file ...] [--out capacity.json]
                    [--start-rate 10] [--factor 1.5] [--step-seconds 15] [--max-rate 1000] [--pause-seconds 5] [--warmup-seconds 15]
                    [--checkout-p99-ms 1000] [--max-error-ratio 0.001] [--no-bisect] [--no-progress] [--allow-remote] [--raise-priority]
          max-rate  --url http://127.0.0.1:<port>/plain [--seconds 10] [--out max-rate.json] [--start-rate 2000]
                    [--step-seconds 2] [--connections 64] [--no-progress] [--allow-remote] [--raise-priority]

        Targets must be on this machine (127.0.0.1, localhost) unless --allow-remote is given.
        --raise-priority: a session of its own, ahead of the machine's other processes for the CPU (root; Linux autogroup),
        and for run and capacity a real-time scheduler thread that starts the journeys itself, as if the generator ran
        on a machine of its own; what it did is printed (and generator.schedulerRealTime in the JSON).
        Exit codes: 0 completed (validity is in the JSON), 1 failed, 2 bad arguments.
        """;

    /// <summary>
    /// Socket completions run on the event thread instead of hopping to the thread pool: measured here, the
    /// generator's ceiling against a trivial endpoint went from about 22k to 42k requests/s. Read by the runtime when
    /// the first socket is used, so it is set before any; a value set by the user is kept.
    /// </summary>
    private const string InlineSocketCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    public static async Task<int> RunAsync(string[] args, IAnsiConsole? console = null, CancellationToken cancellationToken = default)
    {
        if (Environment.GetEnvironmentVariable(InlineSocketCompletions) is null)
        {
            Environment.SetEnvironmentVariable(InlineSocketCompletions, "1");
        }
        if (console is null)
        {
            console = AnsiConsole.Console;
            if (Console.IsOutputRedirected)
            {
                // Logs and CI output have no terminal width; 80 columns would wrap every table and progress line.
                console.Profile.Width = 200;
            }
        }
        if (args.Length == 0 || args[0] is "help" or "--help" or "-h")
        {
            console.WriteLine(Usage);
            return args.Length == 0 ? BadArguments : Completed;
        }
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            // The first Ctrl+C stops the run gracefully (journeys drain, the JSON is written); a second one kills.
            if (!interrupt.IsCancellationRequested)
            {
                e.Cancel = true;
                interrupt.Cancel();
            }
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            var rest = args[1..];
            return args[0] switch
            {
                "run" => await RunCommandAsync(CommandArguments.Parse(rest, s_run), console, interrupt.Token),
                "capacity" => await CapacityCommandAsync(CommandArguments.Parse(rest, s_capacity), console, interrupt.Token),
                "max-rate" => await MaxRateCommandAsync(CommandArguments.Parse(rest, s_maxRate), console, interrupt.Token),
                _ => throw new UsageException($"Unknown command '{args[0]}'."),
            };
        }
        catch (Exception ex) when (ex is UsageException or ScenarioException or ArgumentException)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(ex.Message)}");
            if (ex is UsageException)
            {
                console.WriteLine(Usage);
            }
            return BadArguments;
        }
        catch (HttpRequestException ex)
        {
            console.MarkupLine($"[red]failed:[/] {Markup.Escape(ex.Message)} — is the target running (./shop up)?");
            return Failed;
        }
        catch (Exception ex) when (ex is InvalidOperationException or InvalidDataException or IOException or OperationCanceledException)
        {
            console.MarkupLine($"[red]failed:[/] {Markup.Escape(ex.Message)}");
            return Failed;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static async Task<int> RunCommandAsync(CommandArguments line, IAnsiConsole console, CancellationToken cancellationToken)
    {
        RaisePriorityIfAsked(line, console);
        var scenario = ScenarioFile.Load(line.Required("scenario"));
        var board = new ProgressBoard();
        var settings = Settings(line, board) with
        {
            Scale = line.Number("scale", 1, 0.0001, 1_000_000),
            Duration = line.Duration("duration"),
        };
        var output = line.Value("out") ?? "run.json";
        console.WriteLine($"Preparing {scenario.Name} against {settings.Target} …");
        var run = ShopLoad.RunScenarioAsync(scenario, settings, cancellationToken);
        await ProgressView.For(board, console, line.Flag("no-progress")).WatchAsync(run);
        var report = await run;
        await ReportFile.WriteAsync(report, output, CancellationToken.None);
        SummaryView.Run(console, report, output);
        return report.Completed ? Completed : Failed;
    }

    private static async Task<int> CapacityCommandAsync(CommandArguments line, IAnsiConsole console, CancellationToken cancellationToken)
    {
        RaisePriorityIfAsked(line, console);
        var scenario = ScenarioFile.Load(line.Value("scenario") ?? "blackfriday");
        var board = new ProgressBoard();
        var settings = Settings(line, board);
        var defaults = CapacityOptions.Default;
        var options = new CapacityOptions(
            line.Number("start-rate", defaults.StartRate, 0.01, 1_000_000),
            line.Number("factor", defaults.Factor, 1.01, 10),
            line.Number("step-seconds", defaults.StepSeconds, 1, 3600),
            line.Number("max-rate", defaults.MaxRate, 0.01, 10_000_000),
            !line.Flag("no-bisect"),
            TimeSpan.FromSeconds(line.Number("pause-seconds", defaults.Pause.TotalSeconds, 0, 600)),
            new CapacityCriterion(
                line.Number("checkout-p99-ms", defaults.Criterion.CheckoutP99Ms, 1, 600_000),
                line.Number("max-error-ratio", defaults.Criterion.MaxErrorRatio, 0, 1)),
            line.Number("warmup-seconds", defaults.WarmUpSeconds, 0, 3600));
        var output = line.Value("out") ?? "capacity.json";
        var view = ProgressView.For(board, console, line.Flag("no-progress"));
        console.WriteLine($"Capacity search with the {scenario.Name} mix against {settings.Target} …");
        var report = await CapacitySearch.RunAsync(
            scenario, settings, options, view.WatchAsync, step => console.WriteLine(SummaryView.CapacityStep(step)), cancellationToken);
        await ReportFile.WriteAsync(report, output, CancellationToken.None);
        console.MarkupLine(report.CapacityRate > 0
            ? $"[green]Capacity: {report.CapacityRate:0.#} journeys/s[/] (checkout p99 ≤ {options.Criterion.CheckoutP99Ms:0} ms, errors < {options.Criterion.MaxErrorRatio:P1})"
            : "[red]No step passed[/]: the target does not sustain even the start rate.");
        console.WriteLine($"Written: {output}");
        return cancellationToken.IsCancellationRequested ? Failed : Completed;
    }

    private static async Task<int> MaxRateCommandAsync(CommandArguments line, IAnsiConsole console, CancellationToken cancellationToken)
    {
        RaisePriorityIfAsked(line, console);
        var url = TargetAddress.Parse(line.Required("url"), line.Flag("allow-remote"));
        var defaults = new MaxRateOptions(url);
        var options = defaults with
        {
            // The URL is the endpoint itself, not a base address: drop the slash Parse adds for relative paths.
            Url = new Uri(line.Required("url")),
            Seconds = line.Number("seconds", defaults.Seconds, 1, 3600),
            StartRate = line.Number("start-rate", defaults.StartRate, 1, 10_000_000),
            StepSeconds = line.Number("step-seconds", defaults.StepSeconds, 0.5, 600),
            Connections = line.WholeNumber("connections", 1, 65_000) ?? defaults.Connections,
        };
        var board = new ProgressBoard();
        var view = ProgressView.For(board, console, line.Flag("no-progress"));
        var output = line.Value("out") ?? "max-rate.json";
        console.WriteLine($"Max rate against {options.Url} …");
        var report = await MaxRateSearch.RunAsync(options, board, view.WatchAsync, step => console.WriteLine(SummaryView.MaxRateStep(step)), cancellationToken);
        await ReportFile.WriteAsync(report, output, CancellationToken.None);
        console.MarkupLine($"[green]Max rate: {report.RequestsPerSecond:0} requests/s[/] answered at a target of {report.TargetRate:0}/s over {report.DurationSeconds:0} s, p99 {report.P99Ms:0.##} ms, {report.Errors} errors, generator CPU {report.GeneratorCpuPercent:0.#} % of the machine.");
        console.WriteLine($"Written: {output}");
        return cancellationToken.IsCancellationRequested ? Failed : Completed;
    }

    private static void RaisePriorityIfAsked(CommandArguments line, IAnsiConsole console)
    {
        if (line.Flag("raise-priority"))
        {
            console.WriteLine(GeneratorPriority.Raise());
        }
    }

    private static RunSettings Settings(CommandArguments line, ProgressBoard board) =>
        new()
        {
            Target = TargetAddress.Parse(line.Value("target") ?? "http://127.0.0.1:8080", line.Flag("allow-remote")),
            AdminKey = AdminKey(line),
            Seed = line.BigWholeNumber("seed") ?? 1,
            RealTimeScheduler = line.Flag("raise-priority"),
            MaxConcurrency = line.WholeNumber("max-concurrency", 1, 1_000_000),
            Connections = line.WholeNumber("connections", 1, 65_000),
            Progress = board,
        };

    private static string? AdminKey(CommandArguments line)
    {
        var key = line.Value("admin-key");
        var file = line.Value("admin-key-file");
        if (key is not null && file is not null)
        {
            throw new UsageException("Give --admin-key or --admin-key-file, not both.");
        }
        if (file is null)
        {
            return key;
        }
        if (!File.Exists(file))
        {
            throw new UsageException($"--admin-key-file: {file} does not exist.");
        }
        var text = File.ReadAllText(file).Trim();
        return text.Length > 0 ? text : throw new UsageException($"--admin-key-file: {file} is empty.");
    }
}

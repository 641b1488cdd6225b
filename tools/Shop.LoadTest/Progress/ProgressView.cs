using System.Globalization;
using Spectre.Console;

namespace Shop.LoadTest.Progress;

/// <summary>
/// Shows a run while it goes: a Spectre.Console live table redrawn twice a second on a terminal, or one plain line
/// every few seconds when the output is redirected or progress is turned off (so logs stay readable).
/// </summary>
public sealed class ProgressView(ProgressBoard board, IAnsiConsole console, bool live)
{
    private static readonly TimeSpan s_liveRefresh = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan s_plainInterval = TimeSpan.FromSeconds(5);

    /// <summary>Live when the console is an interactive terminal and progress was not turned off.</summary>
    public static ProgressView For(ProgressBoard board, IAnsiConsole console, bool noProgress) =>
        new(board, console, !noProgress && !Console.IsOutputRedirected && console.Profile.Capabilities.Interactive);

    public async Task WatchAsync(Task run)
    {
        if (live)
        {
            await WatchLiveAsync(run);
        }
        else
        {
            await WatchPlainAsync(run);
        }
    }

    /// <summary>The one-line form of a snapshot, also used in plain mode.</summary>
    public static string Line(ProgressSnapshot s) =>
        string.Create(CultureInfo.InvariantCulture,
            $"[{s.TimeText}] {s.Label} {s.Phase}: target {s.TargetRate:0.#}/s, achieved {s.AchievedRate:0}/s, p99 {s.P99Ms:0.#} ms, errors {s.Errors}/{s.Requests}, in flight {s.InFlight}, late {s.LateStarts}, dropped {s.Dropped}");

    private async Task WatchLiveAsync(Task run)
    {
        var table = NewTable();
        await console.Live(table).AutoClear(true).StartAsync(async context =>
        {
            while (!run.IsCompleted)
            {
                Fill(table, board.Snapshot());
                context.Refresh();
                await Task.WhenAny(run, Task.Delay(s_liveRefresh));
            }
        });
    }

    private async Task WatchPlainAsync(Task run)
    {
        while (true)
        {
            await Task.WhenAny(run, Task.Delay(s_plainInterval));
            if (run.IsCompleted)
            {
                return;
            }
            if (board.Snapshot() is { } snapshot)
            {
                console.WriteLine(Line(snapshot));
            }
        }
    }

    private static Table NewTable() =>
        new Table()
            .Border(TableBorder.Rounded)
            .AddColumns("run", "phase", "time", "target/s", "achieved/s", "p99 (1 s)", "errors", "in flight", "late", "dropped");

    private static void Fill(Table table, ProgressSnapshot? s)
    {
        table.Rows.Clear();
        if (s is null)
        {
            table.AddRow("starting…", string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty);
            return;
        }
        var errors = s.Errors == 0 ? "0" : $"[red]{s.Errors}[/]";
        var dropped = s.Dropped == 0 ? "0" : $"[red]{s.Dropped}[/]";
        var late = s.LateStarts == 0 ? "0" : $"[yellow]{s.LateStarts}[/]";
        table.AddRow(
            Markup.Escape(s.Label),
            Markup.Escape(s.Phase),
            s.TimeText,
            Invariant($"{s.TargetRate:0.#}"),
            Invariant($"{s.AchievedRate:0}"),
            Invariant($"{s.P99Ms:0.0} ms"),
            errors + Invariant($" / {s.Requests}"),
            Invariant($"{s.InFlight}"),
            late,
            dropped);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

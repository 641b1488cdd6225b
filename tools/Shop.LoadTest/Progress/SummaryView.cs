using System.Globalization;
using Shop.LoadTest.Reports;
using Spectre.Console;

namespace Shop.LoadTest.Progress;

/// <summary>Prints a finished run, capacity search or max-rate measurement, ending with its validity verdict.</summary>
public static class SummaryView
{
    public static void Run(IAnsiConsole console, RunReport report, string outputPath)
    {
        var steps = new Table().Border(TableBorder.Simple).AddColumns("step", "count", "errors", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms", "status codes");
        foreach (var step in report.Steps)
        {
            steps.AddRow(
                Markup.Escape(step.Name), N(step.Count), step.Errors == 0 ? "0" : $"[red]{step.Errors}[/]",
                Ms(step.P50Ms), Ms(step.P90Ms), Ms(step.P99Ms), Ms(step.P999Ms), Ms(step.MaxMs),
                Markup.Escape(string.Join(" ", step.StatusCodes.Select(c => $"{c.Key}×{c.Value}"))
                    + (step.Timeouts > 0 ? $" timeout×{step.Timeouts}" : string.Empty)
                    + (step.TransportErrors > 0 ? $" transport×{step.TransportErrors}" : string.Empty)));
        }
        console.Write(new Rule(Markup.Escape($"{report.Scenario} against {report.Target}")).LeftJustified());
        console.Write(steps);
        var t = report.Totals;
        console.WriteLine(Invariant($"Journeys: {t.Scheduled} scheduled, {t.Started} started, {t.Completed} completed ({t.Failed} failed); {t.Requests} requests, {t.Errors} errors; max in flight {t.MaxInFlight}."));
        console.WriteLine(Invariant($"Rate: target {t.TargetRate:0.##}/s, achieved {t.AchievedRate:0.##}/s over {report.DurationSeconds:0.#} s (+{report.DrainSeconds:0.#} s drain)."));
        foreach (var journey in report.Journeys)
        {
            console.WriteLine(Invariant($"  {journey.Name} ({journey.Weight:P0}): {journey.Started} started, {journey.Completed} completed, {journey.Failed} failed"));
        }
        var o = report.Orders;
        console.WriteLine(Invariant($"Orders: {o.CheckoutsAccepted} accepted, {o.Confirmed} confirmed, {o.Cancelled} cancelled, {o.StockOuts} stock-outs, {o.Pending} still pending after the polls."));
        foreach (var sample in report.ExceptionSamples)
        {
            console.MarkupLine($"[yellow]Journey exception:[/] {Markup.Escape(sample)}");
        }
        Validity(console, report.Validity);
        Overload(console, report.Overload);
        console.WriteLine($"Written: {outputPath}");
    }

    public static void Validity(IAnsiConsole console, ValidityReport validity)
    {
        var figures = Invariant(
            $"offered/target {validity.OfferedToTargetRatio:0.000}, late starts {validity.LateStarts} ({validity.LateStartRatio:P2}; {validity.SchedulerLateStarts} by the scheduler), dropped while behind {validity.DroppedWhileBehind}, generator CPU {validity.GeneratorCpuSeconds:0.0} s = {validity.GeneratorCpuPercent:0.0} % of the machine (peak second {validity.GeneratorCpuPeakPercent:0.#} %)");
        if (validity.StartDelay is { } start && validity.DispatchDelay is { } dispatch)
        {
            figures += Invariant($"; start delay p50 {start.P50Ms:0.##} / p99 {start.P99Ms:0.##} / max {start.MaxMs:0.#} ms (scheduler alone: p99 {dispatch.P99Ms:0.##}, max {dispatch.MaxMs:0.#} ms)");
        }
        if (validity.Valid)
        {
            console.MarkupLine($"[green]VALID RUN[/]: {Markup.Escape(figures)}");
            return;
        }
        console.MarkupLine($"[red]INVALID RUN[/] — do not draw conclusions from it: {Markup.Escape(figures)}");
        foreach (var problem in validity.Problems)
        {
            console.MarkupLine($"  [red]•[/] {Markup.Escape(problem)}");
        }
    }

    /// <summary>Whether the target kept up: a finding about the target, printed apart from the run's validity.</summary>
    public static void Overload(IAnsiConsole console, OverloadReport overload)
    {
        if (!overload.Overloaded)
        {
            console.MarkupLine("[green]KEPT UP[/]: no arrival was dropped at the in-flight cap.");
            return;
        }
        var recovered = overload.RecoveredSecond is { } second
            ? Invariant($"recovered at {second} s (p99 back within {OverloadReport.RecoveryP99Factor:0}× the {overload.P99BeforeMs:0.#} ms before)")
            : "did not recover before the run ended";
        console.MarkupLine("[yellow]OVERLOADED[/] — the target did not keep up (a finding, not a fault of the run): " + Markup.Escape(Invariant(
            $"{overload.Dropped} arrivals ({overload.DroppedRatio:P1}) dropped at the in-flight cap of {overload.MaxConcurrency} in {overload.Seconds} s between {overload.FirstSecond} s and {overload.LastSecond} s, p99 {overload.P99Ms:0.#} ms meanwhile; {recovered}.")));
    }

    public static string CapacityStep(CapacityStep step) =>
        Invariant($"{(step.Passed ? "PASS" : "FAIL")} {step.Rate:0.#}/s for {step.DurationSeconds:0} s: achieved {step.AchievedRate:0.#}/s, checkout p99 {step.CheckoutP99Ms:0.#} ms, p99 {step.P99Ms:0.#} ms, errors {step.ErrorRatio:P2}")
        + (step.Problems.Count > 0 ? " — " + string.Join("; ", step.Problems) : string.Empty)
        + (step.Warnings.Count > 0 ? " (warning: " + string.Join("; ", step.Warnings) + ")" : string.Empty);

    public static string MaxRateStep(MaxRateStep step) =>
        Invariant($"{(step.Passed ? "PASS" : "FAIL")} {step.TargetRate:0}/s: answered {step.AnsweredRate:0}/s, p99 {step.P99Ms:0.##} ms");

    private static string Ms(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

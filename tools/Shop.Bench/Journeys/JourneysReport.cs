using System.Text;
using Shop.Bench.Report;
using Shop.Bench.Sampling;
using Shop.LoadTest.Reports;

namespace Shop.Bench.Journeys;

/// <summary>journeys.json: what <c>./shop bench journeys</c> measured, with its conditions.</summary>
public sealed class JourneysReport
{
    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset EndedAt { get; init; }

    public string GitCommit { get; init; } = "";

    public MachineInfo Machine { get; init; } = new();

    public double WindowSeconds { get; init; }

    public double WarmUpSeconds { get; init; }

    public bool Quick { get; init; }

    /// <summary>The Shop of ./shop up was running and shared the cores.</summary>
    public bool OtherShopRunning { get; init; }

    public IReadOnlyList<ShapeJourneys> Shapes { get; init; } = [];
}

/// <summary>One shape: its idle cost and each journey alone.</summary>
public sealed record ShapeJourneys(string Shape, JourneyCost? Idle, IReadOnlyList<JourneyWindow> Journeys);

/// <summary>One journey alone at a constant rate: its cost, its steps' latencies and whether the window can be trusted.</summary>
/// <param name="Journey">The journey, as the scenarios name it.</param>
/// <param name="Rate">Its constant rate, journeys per second.</param>
/// <param name="Cost">CPU per component over the window.</param>
/// <param name="Steps">Latency of each request kind over the whole run.</param>
/// <param name="Problems">Why not: the generator fell behind, requests failed, the window held no journey.</param>
public sealed record JourneyWindow(string Journey, double Rate, JourneyCost Cost, IReadOnlyList<StepLatency> Steps, IReadOnlyList<string> Problems)
{
    public bool Valid => Problems.Count == 0;

    /// <summary>Requests per journey: how many hops a journey makes through the gateway.</summary>
    public double? RequestsPerJourney => Cost.Journeys == 0 ? null : Math.Round((double)Cost.Requests / Cost.Journeys, 2);

    /// <summary>The problems of a window: the generator's own (its validity), failed requests above 0.1 %, no journey completed.</summary>
    public static IReadOnlyList<string> ProblemsOf(RunReport run, JourneyCost cost)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(cost);
        var problems = new List<string>(run.Validity.Problems.Select(p => "generator: " + p));
        if (cost.Journeys == 0)
        {
            problems.Add("no journey completed in the window");
        }
        if (cost.Requests > 0 && cost.Errors > cost.Requests * 0.001)
        {
            problems.Add(Format.Invariant($"{cost.Errors} of {cost.Requests} requests failed"));
        }
        if (run.Overload.Overloaded)
        {
            problems.Add(Format.Invariant($"the shop was overloaded at this rate ({run.Overload.Dropped} arrivals dropped): lower it"));
        }
        return problems;
    }
}

/// <summary>One request kind of a journey's window.</summary>
public sealed record StepLatency(string Step, long Count, long Errors, double P50Ms, double P99Ms)
{
    public static IReadOnlyList<StepLatency> Of(RunReport run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return [.. run.Steps.Select(s => new StepLatency(s.Name, s.Count, s.Errors, s.P50Ms, s.P99Ms))];
    }
}

/// <summary>report.md of the journeys bench: a table per shape, CPU ms per journey by component, then the latencies.</summary>
public static class JourneysMarkdown
{
    public static string Render(JourneysReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        text.AppendLine("# Where a journey's CPU goes (`./shop bench journeys`)");
        text.AppendLine();
        var commit = report.GitCommit.Length > 0 ? report.GitCommit : "unknown";
        text.Append(Format.Invariant($"{report.StartedAt:yyyy-MM-dd HH:mm} UTC, commit {commit}; {report.Machine.Cores} cores ({report.Machine.CpuModel}), {report.Machine.Runtime}; "));
        text.Append(Format.Invariant($"each shape warmed for {report.WarmUpSeconds:0} s with the mixed load, then each journey alone at its rate, measured for {report.WindowSeconds:0} s after 5 s unmeasured; no CPU limits; the generator on the same cores."));
        text.AppendLine((report.Quick ? " **Quick run: not figures to quote.**" : "") + (report.OtherShopRunning ? " The Shop of ./shop up was running too." : ""));
        foreach (var shape in report.Shapes)
        {
            text.AppendLine();
            text.AppendLine($"## {shape.Shape}");
            text.AppendLine();
            text.Append(CostTable(shape));
            text.AppendLine();
            text.AppendLine("| Journey | Step | Requests | Errors | p50 | p99 |");
            text.AppendLine("| --- | --- | ---: | ---: | ---: | ---: |");
            foreach (var window in shape.Journeys)
            {
                foreach (var step in window.Steps)
                {
                    text.AppendLine(Format.Invariant($"| {window.Journey} | {step.Step} | {step.Count:N0} | {step.Errors:N0} | {Format.Ms(step.P50Ms)} | {Format.Ms(step.P99Ms)} |"));
                }
            }
            foreach (var window in shape.Journeys.Where(w => !w.Valid))
            {
                text.AppendLine();
                text.AppendLine($"- **{window.Journey} is not to be trusted**: {string.Join("; ", window.Problems)}.");
            }
        }
        return text.ToString();
    }

    /// <summary>
    /// One row per journey: its rate, requests per journey, CPU ms per journey of each component that used any, the
    /// shape's total and µs per request; the idle row gives cores, what the shape burns doing nothing.
    /// </summary>
    public static string CostTable(ShapeJourneys shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var costs = shape.Journeys.Select(j => j.Cost).Concat(shape.Idle is { } idle ? [idle] : []).ToList();
        var components = costs.SelectMany(c => c.Components)
            .Where(c => c.Role != ProcessRole.Measurement || c.Component == "loadgen")
            .GroupBy(c => c.Component)
            .Where(g => g.Any(c => c.CpuSeconds > 0))
            .OrderBy(g => g.First().Role)
            .ThenByDescending(g => g.Sum(c => c.CpuSeconds))
            .Select(g => g.Key)
            .ToList();
        var text = new StringBuilder();
        text.AppendLine($"| Journey (rate) | Requests/journey | {string.Join(" | ", components)} | **Shop + servers** | µs/request |");
        text.AppendLine($"| --- | ---: | {string.Join(" | ", components.Select(_ => "---:"))} | ---: | ---: |");
        foreach (var window in shape.Journeys)
        {
            var cells = components.Select(name => window.Cost.Components.FirstOrDefault(c => c.Component == name)?.MsPerJourney is { } ms ? Format.Invariant($"{ms:0.00}") : Format.Missing);
            text.AppendLine(Format.Invariant($"| {window.Journey} ({window.Rate:0.#}/s){(window.Valid ? "" : " ⚠")} | {window.RequestsPerJourney?.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) ?? Format.Missing} | {string.Join(" | ", cells)} | **{window.Cost.ShapeMsPerJourney?.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) ?? Format.Missing} ms** | {window.Cost.ShapeUsPerRequest?.ToString("0", System.Globalization.CultureInfo.InvariantCulture) ?? Format.Missing} |"));
        }
        if (shape.Idle is { } quiet)
        {
            var cells = components.Select(name => quiet.Components.FirstOrDefault(c => c.Component == name) is { } c ? Format.Invariant($"{c.Cores * 1000:0}m") : Format.Missing);
            var shopCores = quiet.Components.Where(c => c.Role is ProcessRole.Shop or ProcessRole.Server).Sum(c => c.Cores);
            text.AppendLine(Format.Invariant($"| idle, cores (m = thousandths) | | {string.Join(" | ", cells)} | **{shopCores * 1000:0}m** | |"));
        }
        text.AppendLine();
        text.AppendLine("CPU milliseconds per journey, each process tree sampled around the window; `other` is the machine's busy time no watched process accounts for.");
        return text.ToString();
    }
}

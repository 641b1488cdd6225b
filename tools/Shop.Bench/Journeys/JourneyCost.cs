using Shop.Bench.Sampling;
using Shop.LoadTest.Reports;

namespace Shop.Bench.Journeys;

/// <summary>CPU one component used in a measured window: a Shop host, a server, the generator, or the rest of the machine.</summary>
/// <param name="Component">The service a process belongs to (<c>catalog</c> for catalog-1 and catalog-2), a server, or <see cref="JourneyCost.Other"/>.</param>
/// <param name="Role">Shop, Server, Measurement or Other: whether it counts against the shape.</param>
/// <param name="CpuSeconds">CPU seconds in the window, all its processes together.</param>
/// <param name="Cores">Those ÷ the window's length.</param>
/// <param name="MsPerJourney">CPU milliseconds per journey completed in the window; null in an idle window.</param>
public sealed record ComponentCpu(string Component, ProcessRole Role, double CpuSeconds, double Cores, double? MsPerJourney);

/// <summary>
/// What one journey costs, from two process samples around a window and the generator's run report: CPU per component
/// divided by the journeys and the requests that completed in the same seconds.
/// </summary>
/// <param name="Seconds">Length of the window, between the two samples.</param>
/// <param name="Journeys">Journeys that completed in the window.</param>
/// <param name="Requests">HTTP requests that completed in the window.</param>
/// <param name="Errors">Failed requests in the window.</param>
/// <param name="Components">Every component, the busiest first.</param>
/// <param name="ShapeMsPerJourney">CPU ms per journey of what the shape costs: Shop's processes and its servers.</param>
/// <param name="ShapeUsPerRequest">The same per HTTP request, in microseconds.</param>
public sealed record JourneyCost(
    double Seconds,
    long Journeys,
    long Requests,
    long Errors,
    IReadOnlyList<ComponentCpu> Components,
    double? ShapeMsPerJourney,
    double? ShapeUsPerRequest)
{
    /// <summary>The machine's busy time that no watched process accounts for: the kernel, the bench itself, anything else.</summary>
    public const string Other = "other";

    /// <summary>
    /// The cost between <paramref name="first"/> and <paramref name="last"/>. A process counts only if both samples saw
    /// it under the same pid (one that restarted in between has no meaningful difference); the generator's seconds that
    /// lie in the window give the journeys and requests. Null <paramref name="run"/>: an idle window, cores only.
    /// </summary>
    public static JourneyCost Between(ProcessSample first, ProcessSample last, RunReport? run)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(last);
        var seconds = (last.At - first.At).TotalSeconds;
        if (seconds <= 0)
        {
            throw new ArgumentException("the last sample must be taken after the first", nameof(last));
        }
        var (journeys, requests, errors) = run is null ? (0L, 0L, 0L) : CountInWindow(run, first.At, last.At);

        var before = first.Processes.ToDictionary(p => (p.Name, p.Pid));
        var perComponent = new Dictionary<string, (ProcessRole Role, double Seconds)>(StringComparer.Ordinal);
        var watched = 0.0;
        foreach (var process in last.Processes)
        {
            if (!before.TryGetValue((process.Name, process.Pid), out var start))
            {
                continue;
            }
            var used = Math.Max(0, process.CpuSeconds - start.CpuSeconds);
            watched += used;
            var component = ProcessRoles.ServiceOf(process.Name);
            perComponent[component] = (process.Role, perComponent.GetValueOrDefault(component).Seconds + used);
        }
        var machine = Math.Max(0, last.MachineBusySeconds - first.MachineBusySeconds);
        perComponent[Other] = (ProcessRole.Other, Math.Max(0, machine - watched));

        double? PerJourney(double cpu) => run is null || journeys == 0 ? null : Math.Round(cpu * 1000 / journeys, 3);
        var components = perComponent
            .Select(c => new ComponentCpu(c.Key, c.Value.Role, Math.Round(c.Value.Seconds, 3), Math.Round(c.Value.Seconds / seconds, 3), PerJourney(c.Value.Seconds)))
            .OrderByDescending(c => c.CpuSeconds)
            .ThenBy(c => c.Component, StringComparer.Ordinal)
            .ToList();
        var shape = components.Where(c => c.Role is ProcessRole.Shop or ProcessRole.Server).Sum(c => c.CpuSeconds);
        return new JourneyCost(
            Math.Round(seconds, 3),
            journeys,
            requests,
            errors,
            components,
            PerJourney(shape),
            run is null || requests == 0 ? null : Math.Round(shape * 1_000_000 / requests, 1));
    }

    /// <summary>
    /// Journeys, requests and errors of the run's seconds that lie within [from, to]: a second counts when at least half
    /// of it does, so a window of whole seconds between two samples a second apart counts each second once.
    /// </summary>
    public static (long Journeys, long Requests, long Errors) CountInWindow(RunReport run, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(run);
        var start = new DateTimeOffset(DateTime.SpecifyKind(run.StartedAt, DateTimeKind.Utc));
        long journeys = 0, requests = 0, errors = 0;
        foreach (var second in run.Timeline)
        {
            var middle = start.AddSeconds(second.Second + 0.5);
            if (middle < from || middle > to)
            {
                continue;
            }
            journeys += second.Completed;
            requests += second.Steps.Values.Sum(s => s.Count);
            errors += second.Steps.Values.Sum(s => s.Errors);
        }
        return (journeys, requests, errors);
    }
}

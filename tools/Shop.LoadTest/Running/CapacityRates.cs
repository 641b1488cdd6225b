namespace Shop.LoadTest.Running;

/// <summary>One step's rate and verdict, what the next rate depends on.</summary>
public readonly record struct CapacityOutcome(double Rate, bool Passed);

/// <summary>
/// Which rate a capacity search tries next, from the steps it has run: up by <see cref="CapacityOptions.Factor"/> while
/// steps pass; down by it while they fail from the first (the start rate was a guess above the capacity, say the last
/// deployment's); once a pass and a failure bracket the capacity, one step at their geometric mean when bisecting,
/// then no more. Never above <see cref="CapacityOptions.MaxRate"/>, never below <see cref="MinimumRate"/>.
/// </summary>
public static class CapacityRates
{
    /// <summary>Below this, a step holds too few checkouts for their p99 to mean anything: the search gives up.</summary>
    public const double MinimumRate = 0.5;

    /// <summary>The next step's rate, or null when the search is over.</summary>
    public static double? Next(CapacityOptions options, IReadOnlyList<CapacityOutcome> done)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(done);
        if (done.Count == 0)
        {
            return options.StartRate <= options.MaxRate ? options.StartRate : null;
        }
        var passes = done.Where(s => s.Passed).Select(s => s.Rate).ToList();
        var failures = done.Where(s => !s.Passed).Select(s => s.Rate).ToList();
        var last = done[^1].Rate;
        if (failures.Count == 0)
        {
            var up = Math.Round(last * options.Factor, 1);
            return up <= options.MaxRate && up > last ? up : null;
        }
        if (passes.Count == 0)
        {
            var down = Math.Round(last / options.Factor, 1);
            return down >= MinimumRate && down < last ? down : null;
        }
        // Bracketed: the step that made the bracket was the last one unless the bisecting step has run already.
        var before = done.Take(done.Count - 1).ToList();
        if (!options.Bisect || (before.Any(s => s.Passed) && before.Any(s => !s.Passed)))
        {
            return null;
        }
        var low = passes.Max();
        var high = failures.Where(f => f > low).DefaultIfEmpty(double.NaN).Min();
        if (double.IsNaN(high))
        {
            return null;
        }
        var middle = Math.Round(Math.Sqrt(low * high), 1);
        return middle > low && middle < high ? middle : null;
    }

    /// <summary>The capacity the steps found: the highest passing rate, 0 when none passed.</summary>
    public static double Capacity(IReadOnlyList<CapacityOutcome> done) =>
        done.Where(s => s.Passed).Select(s => s.Rate).DefaultIfEmpty(0).Max();
}

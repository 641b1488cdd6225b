using System.Globalization;
using Shop.Bench.Report;
using Shop.LoadTest.Reports;

namespace Shop.Bench.BlackFriday;

/// <summary>
/// How the Black Friday bench scales its scenario to the machine. A scenario written for one machine saturates a slower
/// one for its whole peak and barely touches a faster one; scaled so that its peak is <see cref="PeakToCapacity"/> times
/// the slower shape's measured capacity, it overloads both shapes for a while (the slower more) and leaves them the
/// scenario's decay and recovery to catch up. Both shapes run the same scale: the comparison needs the same arrival
/// schedule, so the scale is decided from both capacities before either scenario runs.
/// </summary>
public static class ScenarioScaling
{
    /// <summary>
    /// The peak ÷ the slower shape's capacity. The capacity is the highest rate the shop sustained for a capacity step
    /// (15 s) with checkout p99 ≤ 1 s; half as much again is clearly past it, yet the scenario's short plateau ends before
    /// the backlog it builds is more than the decay and recovery phases can drain.
    /// </summary>
    public const double PeakToCapacity = 1.5;

    /// <param name="givenScale">--scale as given; null when it was not.</param>
    /// <param name="skipCapacity">No capacity was measured.</param>
    /// <param name="capacities">Each shape's capacity search, null where it did not run or finish.</param>
    public static ScaleChoice Choose(string? givenScale, bool skipCapacity, IReadOnlyList<(string Shape, CapacityReport? Capacity)> capacities)
    {
        var scenarioPeak = capacities.Select(c => c.Capacity?.ScenarioPeakRate).FirstOrDefault(p => p is > 0);
        if (givenScale is not null)
        {
            var scale = double.Parse(givenScale, CultureInfo.InvariantCulture);
            return new ScaleChoice
            {
                Scale = scale,
                Source = ScaleSource.Option,
                ScenarioPeakRate = scenarioPeak,
                PeakRate = scenarioPeak * scale,
                Reason = "--scale given",
            };
        }
        if (skipCapacity || capacities.Count == 0)
        {
            return AsWritten("no capacity measured (--skip-capacity), so the scenario runs as written");
        }
        if (capacities.FirstOrDefault(c => c.Capacity is null) is { Shape: { } unknown, Capacity: null })
        {
            return AsWritten($"the capacity of {unknown} is unknown (its search did not finish), so the scenario runs as written");
        }
        var (shape, slower) = capacities.MinBy(c => c.Capacity!.CapacityRate);
        if (slower!.CapacityRate <= 0)
        {
            return AsWritten($"no rate of the capacity search of {shape} met the criterion, so the scenario runs as written");
        }
        if (scenarioPeak is not { } peak)
        {
            return AsWritten("the capacity searches did not record the scenario's peak rate, so the scenario runs as written");
        }
        var factor = Math.Max(0.001, Math.Round(PeakToCapacity * slower.CapacityRate / peak, 3));
        var lowerBound = slower.Steps.Count > 0 && slower.Steps.All(s => s.Passed)
            ? "; that capacity is a lower bound (its search passed every rate), so the peak may not overload it"
            : "";
        return new ScaleChoice
        {
            Scale = factor,
            Source = ScaleSource.Capacity,
            ScenarioPeakRate = peak,
            PeakRate = Math.Round(peak * factor, 1),
            CapacityRate = slower.CapacityRate,
            CapacityShape = shape,
            PeakToCapacity = PeakToCapacity,
            Reason = Format.Invariant(
                $"peak {Format.Number(peak * factor)} journeys/s = {Format.Number(PeakToCapacity)} × the capacity of {shape}, the slower shape ({Format.Number(slower.CapacityRate)} journeys/s){lowerBound}"),
        };
    }

    /// <summary>The scale as the generator's --scale takes it.</summary>
    public static string Argument(ScaleChoice choice) => choice.Scale.ToString("0.######", CultureInfo.InvariantCulture);

    private static ScaleChoice AsWritten(string reason) => new() { Scale = 1, Source = ScaleSource.Scenario, Reason = reason };
}

namespace Shop.LoadTest.Reports;

/// <summary>
/// When a run counts as valid: the generator offered (nearly) every arrival it was asked to, started on time the ones
/// that found a slot free, dropped none at the in-flight cap while it was itself behind, and did not take so much of
/// the machine that it slowed down what it measured. Arrivals dropped because the target held every slot are not
/// judged here: they make the run overloaded (<see cref="OverloadReport"/>), a finding about the target.
/// </summary>
/// <param name="MaxRateDeviation">Offered ÷ asked-for may differ from 1 by at most this (0.02 = 2 %).</param>
/// <param name="MaxLateStartRatio">Late starts ÷ started at most.</param>
/// <param name="MaxDropped">Arrivals dropped at the cap while the generator was itself behind, at most.</param>
/// <param name="MaxGeneratorCpuPercent">The generator's share of all cores at most.</param>
/// <param name="MaxDroppedRatio">The same as a share of the arrivals asked for, where that allows more than
/// <paramref name="MaxDropped"/>: a run of tens of thousands of arrivals against an overloaded target meets the cap
/// thousands of times, and the rule conservatively counts a drop against the generator whenever its scheduler was late
/// at that moment, even once. 0 in files written before it existed.</param>
public sealed record ValidityCriteria(double MaxRateDeviation, double MaxLateStartRatio, long MaxDropped, double MaxGeneratorCpuPercent, double MaxDroppedRatio = 0)
{
    /// <summary>At most 1 in 1,000 arrivals dropped while behind: ten times stricter than the late starts allowed.</summary>
    public static ValidityCriteria Default { get; } = new(0.02, 0.01, 0, 50, MaxDroppedRatio: 0.001);

    /// <summary>Arrivals that may be dropped while the generator was behind, in a run that asked for <paramref name="askedArrivals"/>.</summary>
    public long AllowedDroppedWhileBehind(double askedArrivals) => Math.Max(MaxDropped, (long)Math.Floor(MaxDroppedRatio * askedArrivals));

    /// <summary>Checks a run's figures; the problems are worded for a person reading the summary.</summary>
    public ValidityReport Evaluate(ScheduleTally tally, bool completed)
    {
        var asked = tally.AskedArrivals;
        var ratio = asked > 0 ? tally.Started / asked : 1;
        var offeredRatio = asked > 0 ? (tally.Started + tally.Dropped) / asked : 1;
        var lateRatio = tally.Started > 0 ? (double)tally.LateStarts / tally.Started : 0;
        var cpuPercent = tally.WallSeconds > 0 && tally.Cores > 0 ? tally.CpuSeconds / (tally.WallSeconds * tally.Cores) * 100 : 0;
        var problems = new List<string>();
        if (!completed)
        {
            problems.Add("the run was interrupted before its schedule ended");
        }
        // A hair of tolerance: 980 of 1000 is exactly 2 % off, which floating point would put just above.
        if (Math.Abs(offeredRatio - 1) > MaxRateDeviation + 1e-9)
        {
            problems.Add($"offered {tally.Started + tally.Dropped} journeys of {asked:0.#} asked for ({offeredRatio:P1}; allowed {1 - MaxRateDeviation:P0}–{1 + MaxRateDeviation:P0})");
        }
        if (lateRatio > MaxLateStartRatio)
        {
            problems.Add($"{tally.LateStarts} journeys started late with a slot free ({lateRatio:P2} of started; allowed {MaxLateStartRatio:P2}; " +
                $"{tally.SchedulerLateStarts} of them handed off late by the scheduler, the rest waiting for a thread): the generator could not keep the schedule");
        }
        var allowedDrops = AllowedDroppedWhileBehind(asked);
        if (tally.DroppedWhileBehind > allowedDrops)
        {
            problems.Add($"{tally.DroppedWhileBehind} arrivals dropped at the in-flight cap while the generator was itself behind (allowed {allowedDrops}, {MaxDroppedRatio:P1} of {asked:0} asked for): " +
                "its scheduler was late or its slots were not waiting on the target, so the cap may have been the generator's doing");
        }
        if (cpuPercent > MaxGeneratorCpuPercent)
        {
            problems.Add($"the generator used {cpuPercent:0.#} % of the machine's CPU (allowed {MaxGeneratorCpuPercent:0.#} %): it competed with what it measured");
        }
        return new ValidityReport(
            Math.Round(ratio, 4), Math.Round(offeredRatio, 4), tally.LateStarts, tally.SchedulerLateStarts, Math.Round(lateRatio, 5),
            tally.Dropped, tally.DroppedWhileBehind, Math.Round(tally.CpuSeconds, 3), Math.Round(cpuPercent, 2), Math.Round(tally.CpuPeakPercent, 2),
            problems.Count == 0, problems, this);
    }
}

/// <summary>What a run counted that its validity is judged on.</summary>
/// <param name="AskedArrivals">Arrivals the schedule held.</param>
/// <param name="Started">Journeys started.</param>
/// <param name="LateStarts">Journeys started later than the late-start threshold (each with a slot free).</param>
/// <param name="SchedulerLateStarts">The part of them the scheduler handed off late.</param>
/// <param name="Dropped">Arrivals dropped at the in-flight cap.</param>
/// <param name="DroppedWhileBehind">The part of them dropped while the generator was itself behind.</param>
/// <param name="CpuSeconds">The generator's CPU time during the run.</param>
/// <param name="WallSeconds">The run's wall time.</param>
/// <param name="Cores">The machine's cores.</param>
/// <param name="CpuPeakPercent">The generator's share of the machine over its busiest second (0 when not measured).</param>
public sealed record ScheduleTally(
    double AskedArrivals,
    long Started,
    long LateStarts,
    long SchedulerLateStarts,
    long Dropped,
    long DroppedWhileBehind,
    double CpuSeconds,
    double WallSeconds,
    int Cores,
    double CpuPeakPercent = 0);

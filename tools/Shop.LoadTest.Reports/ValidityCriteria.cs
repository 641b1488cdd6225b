namespace Shop.LoadTest.Reports;

/// <summary>
/// When a run counts as valid: the generator started (nearly) every journey it was asked to, on time, without
/// dropping any, and without taking so much of the machine that it slowed down what it measured.
/// </summary>
/// <param name="MaxRateDeviation">Started ÷ asked-for may differ from 1 by at most this (0.02 = 2 %).</param>
/// <param name="MaxLateStartRatio">Late starts ÷ started at most.</param>
/// <param name="MaxDropped">Dropped arrivals at most.</param>
/// <param name="MaxGeneratorCpuPercent">The generator's share of all cores at most.</param>
public sealed record ValidityCriteria(double MaxRateDeviation, double MaxLateStartRatio, long MaxDropped, double MaxGeneratorCpuPercent)
{
    public static ValidityCriteria Default { get; } = new(0.02, 0.01, 0, 50);

    /// <summary>Checks a run's figures; the problems are worded for a person reading the summary.</summary>
    public ValidityReport Evaluate(double askedArrivals, long started, long lateStarts, long dropped, double cpuSeconds, double wallSeconds, int cores, bool completed)
    {
        var ratio = askedArrivals > 0 ? started / askedArrivals : 1;
        var lateRatio = started > 0 ? (double)lateStarts / started : 0;
        var cpuPercent = wallSeconds > 0 && cores > 0 ? cpuSeconds / (wallSeconds * cores) * 100 : 0;
        var problems = new List<string>();
        if (!completed)
        {
            problems.Add("the run was interrupted before its schedule ended");
        }
        // A hair of tolerance: 980 of 1000 is exactly 2 % off, which floating point would put just above.
        if (Math.Abs(ratio - 1) > MaxRateDeviation + 1e-9)
        {
            problems.Add($"started {started} journeys of {askedArrivals:0.#} asked for ({ratio:P1}; allowed {1 - MaxRateDeviation:P0}–{1 + MaxRateDeviation:P0})");
        }
        if (lateRatio > MaxLateStartRatio)
        {
            problems.Add($"{lateStarts} journeys started late ({lateRatio:P2} of started; allowed {MaxLateStartRatio:P2}): the generator could not keep the schedule");
        }
        if (dropped > MaxDropped)
        {
            problems.Add($"{dropped} arrivals dropped because the in-flight limit was reached (allowed {MaxDropped}): the target was too slow to absorb the load, or the limit is too low");
        }
        if (cpuPercent > MaxGeneratorCpuPercent)
        {
            problems.Add($"the generator used {cpuPercent:0.#} % of the machine's CPU (allowed {MaxGeneratorCpuPercent:0.#} %): it competed with what it measured");
        }
        return new ValidityReport(
            Math.Round(ratio, 4), lateStarts, Math.Round(lateRatio, 5), dropped,
            Math.Round(cpuSeconds, 3), Math.Round(cpuPercent, 2), problems.Count == 0, problems, this);
    }
}

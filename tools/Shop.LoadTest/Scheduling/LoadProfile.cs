using Shop.LoadTest.Scenarios;

namespace Shop.LoadTest.Scheduling;

/// <summary>
/// The arrival rate over the whole run, made of consecutive phases (constant or linear ramps). Answers what the
/// scheduler and the report need: the rate at a moment, the phase at a moment, and how many arrivals a stretch of
/// time should have.
/// </summary>
public sealed class LoadProfile
{
    private readonly Phase[] _phases;
    private readonly double[] _starts;

    public LoadProfile(IReadOnlyList<Phase> phases)
    {
        if (phases.Count == 0)
        {
            throw new ArgumentException("A load profile needs at least one phase.", nameof(phases));
        }
        _phases = [.. phases];
        _starts = new double[_phases.Length];
        var start = 0.0;
        for (var i = 0; i < _phases.Length; i++)
        {
            _starts[i] = start;
            start += _phases[i].Seconds;
        }
        TotalSeconds = start;
        ExpectedArrivals = _phases.Sum(p => p.Arrivals);
    }

    public IReadOnlyList<Phase> Phases => _phases;

    public double TotalSeconds { get; }

    /// <summary>The area under the rate: how many journeys the run should start.</summary>
    public double ExpectedArrivals { get; }

    /// <summary>Seconds from the run's start at which phase <paramref name="index"/> begins.</summary>
    public double PhaseStart(int index) => _starts[index];

    /// <summary>Index of the phase running at <paramref name="second"/> (the last one at or after the end).</summary>
    public int PhaseIndexAt(double second)
    {
        for (var i = _phases.Length - 1; i > 0; i--)
        {
            if (second >= _starts[i])
            {
                return i;
            }
        }
        return 0;
    }

    public double RateAt(double second)
    {
        if (second < 0 || second >= TotalSeconds)
        {
            return 0;
        }
        var index = PhaseIndexAt(second);
        return _phases[index].RateAt(second - _starts[index]);
    }

    /// <summary>Arrivals the rate asks for between <paramref name="from"/> and <paramref name="to"/> seconds (the integral).</summary>
    public double ArrivalsBetween(double from, double to)
    {
        var total = 0.0;
        for (var i = 0; i < _phases.Length; i++)
        {
            var phase = _phases[i];
            var start = Math.Max(from, _starts[i]);
            var end = Math.Min(to, _starts[i] + phase.Seconds);
            if (end > start)
            {
                // Linear within a phase: the mean of the two end rates times the length is exact.
                total += (phase.RateAt(start - _starts[i]) + phase.RateAt(end - _starts[i])) / 2 * (end - start);
            }
        }
        return total;
    }
}

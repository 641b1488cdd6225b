namespace Shop.LoadTest.Scheduling;

/// <summary>
/// When each journey starts, in seconds from the run's start: arrival <c>k</c> (from 0) is at the moment the area
/// under the rate reaches <c>k</c>. Arrivals are evenly spaced at a constant rate and follow a ramp exactly, with no
/// randomness, so a run is repeatable and its achieved rate can be checked against the target to the arrival. Only
/// the profile decides the times; how fast the target answers never moves them (the open model).
/// </summary>
public static class ArrivalSchedule
{
    /// <summary>Arrival times of the whole profile, ascending.</summary>
    public static IEnumerable<double> Offsets(LoadProfile profile)
    {
        var before = 0.0;
        long next = 0;
        for (var i = 0; i < profile.Phases.Count; i++)
        {
            var phase = profile.Phases[i];
            var start = profile.PhaseStart(i);
            var arrivals = phase.Arrivals;
            // Arrival `next` belongs to this phase while the phase's area has not been used up; a fraction left at its
            // end carries into the next phase, so boundaries neither lose nor add arrivals.
            while (next < before + arrivals)
            {
                var offset = TimeToReach(next - before, phase.FromRate, phase.ToRate, phase.Seconds);
                yield return start + Math.Min(offset, phase.Seconds);
                next++;
            }
            before += arrivals;
        }
    }

    /// <summary>
    /// Time at which a phase going linearly from <paramref name="fromRate"/> to <paramref name="toRate"/> over
    /// <paramref name="seconds"/> has had <paramref name="arrivals"/> arrivals: the root of
    /// <c>from·t + (to − from)·t² / (2·seconds) = arrivals</c>, written as <c>2x / (b + √(b² + 4ax))</c>, which stays
    /// exact when the ramp is flat (a = 0) and never divides by zero for x &gt; 0.
    /// </summary>
    public static double TimeToReach(double arrivals, double fromRate, double toRate, double seconds)
    {
        if (arrivals <= 0)
        {
            return 0;
        }
        var a = (toRate - fromRate) / (2 * seconds);
        var discriminant = Math.Max(0, (fromRate * fromRate) + (4 * a * arrivals));
        return 2 * arrivals / (fromRate + Math.Sqrt(discriminant));
    }
}

using Shop.LoadTest.Scenarios;
using Shop.LoadTest.Scheduling;

namespace Shop.LoadTest.Tests.Scheduling;

public sealed class ArrivalScheduleTests
{
    private const double Precision = 1e-9;

    [Fact]
    public void Offsets_ConstantTenPerSecondForTenSeconds_HundredArrivalsEvenlySpaced()
    {
        var offsets = Offsets(new Phase("flat", 10, 10, 10));

        Assert.Equal(100, offsets.Count);
        for (var k = 0; k < offsets.Count; k++)
        {
            Assert.Equal(k / 10.0, offsets[k], Precision);
        }
    }

    [Fact]
    public void Offsets_RampFromZeroToTenOverTenSeconds_ArrivalKAtSquareRootOfTwoK()
    {
        // The area under a ramp 0 → 10/s over 10 s is t²/2, so arrival k comes at √(2k); 50 arrivals in all.
        var offsets = Offsets(new Phase("ramp", 10, 0, 10));

        Assert.Equal(50, offsets.Count);
        for (var k = 0; k < offsets.Count; k++)
        {
            Assert.Equal(Math.Sqrt(2 * k), offsets[k], Precision);
        }
    }

    [Fact]
    public void Offsets_DecayFromTenToZero_MirrorsTheRamp()
    {
        // Area 10t − t²/2 = k  →  t = 10 − √(100 − 2k).
        var offsets = Offsets(new Phase("decay", 10, 10, 0));

        Assert.Equal(50, offsets.Count);
        for (var k = 0; k < offsets.Count; k++)
        {
            Assert.Equal(10 - Math.Sqrt(100 - (2 * k)), offsets[k], 1e-6);
        }
    }

    [Fact]
    public void Offsets_SeveralPhases_CountIsTheAreaRoundedUpAndTimesAscend()
    {
        Phase[] phases =
        [
            new("warm-up", 3.3, 1, 7),
            new("flat", 2.7, 7, 7),
            new("spike", 1.5, 7, 70),
            new("decay", 4, 70, 0.5),
        ];
        var profile = new LoadProfile(phases);

        var offsets = ArrivalSchedule.Offsets(profile).ToList();

        Assert.Equal((int)Math.Ceiling(profile.ExpectedArrivals), offsets.Count);
        Assert.True(offsets.Zip(offsets.Skip(1)).All(pair => pair.First <= pair.Second), "arrival times go backwards");
        Assert.True(offsets[^1] < profile.TotalSeconds);
    }

    [Fact]
    public void Offsets_PhaseSplitInTwoEqualHalves_SameTimesAsOnePhase()
    {
        // A fraction of an arrival left at a phase's end carries into the next: boundaries neither add nor lose any.
        var whole = Offsets(new Phase("whole", 2, 3.3, 3.3));
        var split = Offsets(new Phase("a", 1, 3.3, 3.3), new Phase("b", 1, 3.3, 3.3));

        Assert.Equal(whole.Count, split.Count);
        Assert.All(whole.Zip(split), pair => Assert.Equal(pair.First, pair.Second, Precision));
    }

    [Fact]
    public void Offsets_ZeroRatePhase_HasNoArrivalsAndShiftsTheNextPhase()
    {
        var offsets = Offsets(new Phase("pause", 5, 0, 0), new Phase("flat", 1, 2, 2));

        Assert.Equal([5.0, 5.5], offsets);
    }

    [Fact]
    public void Offsets_ArrivalsPerSecond_MatchTheAreaUnderTheRateInThatSecond()
    {
        var profile = new LoadProfile([new Phase("ramp", 20, 10, 200)]);
        var offsets = ArrivalSchedule.Offsets(profile).ToList();

        for (var second = 0; second < 20; second++)
        {
            var inSecond = offsets.Count(o => o >= second && o < second + 1);
            // Whole arrivals against a fractional area: at most one off in any second.
            Assert.InRange(inSecond, Math.Floor(profile.ArrivalsBetween(second, second + 1)) - 1, Math.Ceiling(profile.ArrivalsBetween(second, second + 1)) + 1);
        }
    }

    [Theory]
    [InlineData(0, 5, 7, 10)]
    [InlineData(3, 5, 7, 10)]
    [InlineData(12, 5, 5, 10)]
    [InlineData(40, 0, 10, 20)]
    public void TimeToReach_AnyLinearPhase_SolvesTheArea(double arrivals, double from, double to, double seconds)
    {
        var t = ArrivalSchedule.TimeToReach(arrivals, from, to, seconds);

        var area = (from * t) + ((to - from) * t * t / (2 * seconds));
        Assert.Equal(arrivals, area, 1e-9);
    }

    private static List<double> Offsets(params Phase[] phases) => [.. ArrivalSchedule.Offsets(new LoadProfile(phases))];
}

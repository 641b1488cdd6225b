using Shop.LoadTest.Scenarios;
using Shop.LoadTest.Scheduling;

namespace Shop.LoadTest.Tests.Scheduling;

public sealed class LoadProfileTests
{
    private static readonly LoadProfile s_profile = new([
        new Phase("baseline", 10, 20, 20),
        new Phase("spike", 5, 20, 200),
        new Phase("plateau", 10, 200, 200),
    ]);

    [Fact]
    public void TotalsAndArrivals_ThreePhases_AddUpThePhases()
    {
        Assert.Equal(25, s_profile.TotalSeconds);
        Assert.Equal((20 * 10) + (110 * 5) + (200 * 10), s_profile.ExpectedArrivals, 1e-9);
    }

    [Theory]
    [InlineData(0, "baseline", 20)]
    [InlineData(9.99, "baseline", 20)]
    [InlineData(10, "spike", 20)]
    [InlineData(12.5, "spike", 110)]
    [InlineData(15, "plateau", 200)]
    [InlineData(24.9, "plateau", 200)]
    public void PhaseAndRate_AtAMoment_AreThePhasesLinearRate(double second, string phase, double rate)
    {
        Assert.Equal(phase, s_profile.Phases[s_profile.PhaseIndexAt(second)].Name);
        Assert.Equal(rate, s_profile.RateAt(second), 1e-9);
    }

    [Fact]
    public void RateAt_OutsideTheProfile_IsZero()
    {
        Assert.Equal(0, s_profile.RateAt(-1));
        Assert.Equal(0, s_profile.RateAt(25));
    }

    [Fact]
    public void ArrivalsBetween_AcrossAPhaseBoundary_IsTheIntegral()
    {
        // 9 → 10: 20; 10 → 11 on the spike: mean of 20 and 56 = 38.
        Assert.Equal(58, s_profile.ArrivalsBetween(9, 11), 1e-9);
        Assert.Equal(s_profile.ExpectedArrivals, s_profile.ArrivalsBetween(-5, 100), 1e-9);
    }
}

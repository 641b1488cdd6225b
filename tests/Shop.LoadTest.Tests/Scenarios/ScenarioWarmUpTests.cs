using Shop.LoadTest.Scenarios;

namespace Shop.LoadTest.Tests.Scenarios;

/// <summary>The capacity search's warm-up runs every journey of the mix, however rare it is in the mix itself.</summary>
public sealed class ScenarioWarmUpTests
{
    private static readonly Scenario s_blackFriday = ScenarioFile.Load("blackfriday");

    [Fact]
    public void WarmUp_BlackFriday_OneConstantPhaseAtTheRateAndLength()
    {
        var warmUp = s_blackFriday.WarmUp(2.1, 8);

        var phase = Assert.Single(warmUp.Phases);
        Assert.Equal(("warm-up", 8.0, 2.1, 2.1), (phase.Name, phase.Seconds, phase.FromRate, phase.ToRate));
    }

    [Fact]
    public void WarmUp_BlackFriday_EveryJourneyEquallyLikelyTheRestUnchanged()
    {
        var warmUp = s_blackFriday.WarmUp(2.1, 8);

        Assert.Equal(s_blackFriday.Journeys.Select(j => j.Name), warmUp.Journeys.Select(j => j.Name));
        Assert.Single(warmUp.Journeys.Select(j => j.Weight).Distinct());
        Assert.NotEqual(s_blackFriday.Journeys.Min(j => j.Weight), s_blackFriday.Journeys.Max(j => j.Weight));
        Assert.Equal((s_blackFriday.Catalog, s_blackFriday.Checkout, s_blackFriday.Limits, s_blackFriday.Buyers), (warmUp.Catalog, warmUp.Checkout, warmUp.Limits, warmUp.Buyers));
    }
}

using Shop.LoadTest.Scenarios;
using Shop.LoadTest.Scheduling;

namespace Shop.LoadTest.Tests.Scenarios;

/// <summary>The scenarios shipped with the tool have the shapes the Black Friday issue asks for.</summary>
public sealed class ShippedScenarioTests
{
    private static readonly Scenario s_blackFriday = ScenarioFile.Load("blackfriday");

    [Fact]
    public void BlackFriday_Phases_AreWarmUpBaselineRampSpikePlateauDecayRecoveryInAboutFourMinutes()
    {
        Assert.Equal(["warm-up", "baseline", "ramp", "spike", "plateau", "decay", "recovery"], s_blackFriday.Phases.Select(p => p.Name));
        Assert.InRange(s_blackFriday.TotalSeconds, 180, 300);
    }

    [Fact]
    public void BlackFriday_Spike_ReachesTenTimesTheBaselineWithinSixtySeconds()
    {
        var baseline = s_blackFriday.Phases.Single(p => p.Name == "baseline");
        var profile = new LoadProfile(s_blackFriday.Phases);
        var baselineEnd = PhaseEnd(s_blackFriday, "baseline");

        Assert.Equal(baseline.FromRate, baseline.ToRate);
        var tenTimes = 10 * baseline.FromRate;
        var reached = Enumerable.Range(0, (int)(profile.TotalSeconds * 10)).Select(i => i / 10.0).First(t => profile.RateAt(t) >= tenTimes - 1e-9);
        var spike = s_blackFriday.Phases.Single(p => p.Name == "spike");
        Assert.True(spike.Seconds <= 60, $"the spike lasts {spike.Seconds} s");
        Assert.True(spike.ToRate >= tenTimes, $"the spike ends at {spike.ToRate}/s, below ten times the baseline");
        Assert.True(reached - PhaseEnd(s_blackFriday, "ramp") <= 60, $"ten times the baseline is reached {reached - PhaseEnd(s_blackFriday, "ramp")} s after the spike starts");
        Assert.True(reached > baselineEnd);
    }

    [Fact]
    public void BlackFriday_Baseline_IsAModestRateAndThePlateauHoldsThePeak()
    {
        var baseline = s_blackFriday.Phases.Single(p => p.Name == "baseline");
        var plateau = s_blackFriday.Phases.Single(p => p.Name == "plateau");
        var decay = s_blackFriday.Phases.Single(p => p.Name == "decay");

        Assert.InRange(baseline.FromRate, 5, 50);
        Assert.Equal(plateau.FromRate, plateau.ToRate);
        Assert.Equal(s_blackFriday.PeakRate, plateau.FromRate);
        Assert.True(decay.ToRate < decay.FromRate);
    }

    [Fact]
    public void BlackFriday_AfterThePeak_TheRateStaysAtTheBaselineLongerThanThePeakLasted()
    {
        // Scaled so its peak overloads the shop, the scenario must leave the shop time to catch up, at a rate it
        // sustains, before the run ends: the report reads when it recovered.
        var baseline = s_blackFriday.Phases.Single(p => p.Name == "baseline");
        var plateau = s_blackFriday.Phases.Single(p => p.Name == "plateau");
        var recovery = s_blackFriday.Phases[^1];

        Assert.Equal("recovery", recovery.Name);
        Assert.Equal((baseline.FromRate, baseline.FromRate), (recovery.FromRate, recovery.ToRate));
        Assert.True(recovery.Seconds > plateau.Seconds, $"the recovery lasts {recovery.Seconds} s, the plateau {plateau.Seconds} s");
        Assert.True(plateau.Seconds <= s_blackFriday.TotalSeconds / 6, $"the plateau lasts {plateau.Seconds} s of {s_blackFriday.TotalSeconds} s");
    }

    [Fact]
    public void BlackFriday_Journeys_BrowseMostlyAndCheckoutSometimesWithHotProducts()
    {
        var weights = s_blackFriday.Journeys.ToDictionary(j => j.Name, j => j.Weight / s_blackFriday.Journeys.Sum(x => x.Weight));

        Assert.Equal(JourneyNames.All.Order(), weights.Keys.Order());
        Assert.True(weights[JourneyNames.Browse] > weights[JourneyNames.AddToCart]);
        Assert.True(weights[JourneyNames.AddToCart] > weights[JourneyNames.Checkout]);
        Assert.NotEmpty(s_blackFriday.Catalog.HotProducts.Skus);
        Assert.InRange(s_blackFriday.Catalog.HotProducts.Share, 0.05, 1);
        Assert.True(s_blackFriday.Checkout.StatusPolls > 0);
    }

    [Fact]
    public void CheckoutHeavy_IsBlackFridaysScheduleAndCatalogWithMostJourneysCheckingOut()
    {
        var checkoutHeavy = ScenarioFile.Load("checkout-heavy");
        var weights = checkoutHeavy.Journeys.ToDictionary(j => j.Name, j => j.Weight / checkoutHeavy.Journeys.Sum(x => x.Weight));

        Assert.Equal(s_blackFriday.Phases, checkoutHeavy.Phases);
        Assert.Equal(s_blackFriday.Catalog.HotProducts.Skus, checkoutHeavy.Catalog.HotProducts.Skus);
        Assert.Equal(JourneyNames.All.Order(), weights.Keys.Order());
        Assert.True(weights[JourneyNames.Checkout] >= 0.5, $"checkout is {weights[JourneyNames.Checkout]:P0} of the journeys");
        Assert.True(weights[JourneyNames.Checkout] > weights[JourneyNames.Browse]);
    }

    [Fact]
    public void Smoke_IsShortAndRunsEveryJourney()
    {
        var smoke = ScenarioFile.Load("smoke");

        Assert.InRange(smoke.TotalSeconds, 5, 59);
        Assert.Equal(JourneyNames.All.Order(), smoke.Journeys.Select(j => j.Name).Order());
        Assert.All(smoke.Journeys, j => Assert.True(j.Weight > 0));
        Assert.True(new LoadProfile(smoke.Phases).ExpectedArrivals >= 20, "too few journeys for every step to run");
    }

    [Fact]
    public void Load_UnknownName_ListsTheShippedScenarios()
    {
        var error = Assert.Throws<ScenarioException>(() => ScenarioFile.Load("cyber-monday"));

        Assert.Contains("blackfriday", error.Message, StringComparison.Ordinal);
        Assert.Contains("smoke", error.Message, StringComparison.Ordinal);
    }

    private static double PhaseEnd(Scenario scenario, string name)
    {
        var end = 0.0;
        foreach (var phase in scenario.Phases)
        {
            end += phase.Seconds;
            if (phase.Name == name)
            {
                return end;
            }
        }
        throw new InvalidOperationException(name);
    }
}

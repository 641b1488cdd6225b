using Shop.Bench.BlackFriday;
using Shop.Bench.Report;
using Shop.LoadTest.Reports;

namespace Shop.Bench.Tests.BlackFriday;

public sealed class ScenarioScalingTests
{
    [Fact]
    public void Choose_BothCapacities_PeakIsOneAndAHalfTimesTheSlowerShapes()
    {
        // The blackfriday scenario peaks at 200 journeys/s; the monolith is the slower shape here.
        var choice = ScenarioScaling.Choose(null, skipCapacity: false, [("microservices", Capacity(257)), ("monolith", Capacity(210))]);

        Assert.Equal(ScaleSource.Capacity, choice.Source);
        Assert.Equal(1.575, choice.Scale, 9);
        Assert.Equal((315.0, 210.0, "monolith", 1.5, 200.0), (choice.PeakRate!.Value, choice.CapacityRate!.Value, choice.CapacityShape!, choice.PeakToCapacity!.Value, choice.ScenarioPeakRate!.Value));
        Assert.Equal("peak 315 journeys/s = 1.5 × the capacity of monolith, the slower shape (210 journeys/s)", choice.Reason);
        Assert.Equal("1.575", ScenarioScaling.Argument(choice));
    }

    [Fact]
    public void Choose_SlowerCapacityIsALowerBound_SaysThePeakMayNotOverloadIt()
    {
        var choice = ScenarioScaling.Choose(null, skipCapacity: false, [("microservices", Capacity(100, everyStepPassed: true)), ("monolith", Capacity(300))]);

        Assert.Equal(0.75, choice.Scale, 9);
        Assert.EndsWith("that capacity is a lower bound (its search passed every rate), so the peak may not overload it", choice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Choose_ScaleGiven_WinsOverTheCapacity()
    {
        var choice = ScenarioScaling.Choose("0.5", skipCapacity: false, [("microservices", Capacity(257)), ("monolith", Capacity(210))]);

        Assert.Equal((ScaleSource.Option, 0.5, "--scale given"), (choice.Source, choice.Scale, choice.Reason));
        Assert.Equal(100, choice.PeakRate);
        Assert.Null(choice.CapacityShape);
        Assert.Equal("0.5", ScenarioScaling.Argument(choice));
    }

    [Fact]
    public void Choose_CapacitySkipped_TheScenarioAsWritten()
    {
        var choice = ScenarioScaling.Choose(null, skipCapacity: true, []);

        Assert.Equal((ScaleSource.Scenario, 1.0), (choice.Source, choice.Scale));
        Assert.Contains("--skip-capacity", choice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Choose_OneSearchDidNotFinish_TheScenarioAsWrittenNamingTheShape()
    {
        var choice = ScenarioScaling.Choose(null, skipCapacity: false, [("microservices", null), ("monolith", Capacity(210))]);

        Assert.Equal((ScaleSource.Scenario, 1.0), (choice.Source, choice.Scale));
        Assert.Equal("the capacity of microservices is unknown (its search did not finish), so the scenario runs as written", choice.Reason);
    }

    [Fact]
    public void Choose_NoRatePassed_TheScenarioAsWritten()
    {
        var choice = ScenarioScaling.Choose(null, skipCapacity: false, [("monolith", Capacity(0))]);

        Assert.Equal(1, choice.Scale);
        Assert.Contains("no rate of the capacity search of monolith met the criterion", choice.Reason, StringComparison.Ordinal);
    }

    private static CapacityReport Capacity(double rate, bool everyStepPassed = false)
    {
        List<CapacityStep> steps = [new(Math.Max(rate, 10), 15, rate, 500, 100, 0, rate > 0, [], [])];
        if (!everyStepPassed)
        {
            steps.Add(new(rate * 1.5 + 10, 15, rate, 2500, 900, 0.01, false, ["checkout p99 2500 ms > 1000 ms"], []));
        }
        return new("capacity", "http://127.0.0.1:18080/", "blackfriday", new CapacityCriterion(1000, 0.001), steps,
            rate, new DateTime(2026, 11, 27, 10, 0, 0, DateTimeKind.Utc), 200, 15);
    }
}

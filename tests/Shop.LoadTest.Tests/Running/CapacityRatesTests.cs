using Shop.LoadTest.Running;

namespace Shop.LoadTest.Tests.Running;

public sealed class CapacityRatesTests
{
    private static readonly CapacityOptions s_options = CapacityOptions.Default with { StartRate = 10, Factor = 1.5, MaxRate = 1000, Bisect = true };

    [Fact]
    public void Next_NothingRunYet_IsTheStartRate()
    {
        Assert.Equal(10, CapacityRates.Next(s_options, []));
    }

    [Fact]
    public void Next_StartAboveTheMaximum_EndsAtOnce()
    {
        Assert.Null(CapacityRates.Next(s_options with { StartRate = 2000 }, []));
    }

    [Fact]
    public void Next_StepsPassing_GoesUpByTheFactor()
    {
        Assert.Equal(22.5, CapacityRates.Next(s_options, [new(10, true), new(15, true)]));
    }

    [Fact]
    public void Next_NextStepWouldPassTheMaximum_Ends()
    {
        Assert.Null(CapacityRates.Next(s_options with { MaxRate = 20 }, [new(10, true), new(15, true)]));
    }

    [Fact]
    public void Next_FirstFailureAfterPasses_BisectsOnceAtTheGeometricMean()
    {
        List<CapacityOutcome> done = [new(10, true), new(15, true), new(22.5, false)];

        Assert.Equal(18.4, CapacityRates.Next(s_options, done));
        Assert.Null(CapacityRates.Next(s_options, [.. done, new(18.4, true)]));
        Assert.Null(CapacityRates.Next(s_options, [.. done, new(18.4, false)]));
    }

    [Fact]
    public void Next_NoBisect_EndsAtTheFirstFailure()
    {
        Assert.Null(CapacityRates.Next(s_options with { Bisect = false }, [new(10, true), new(15, false)]));
    }

    [Fact]
    public void Next_StartAboveTheCapacity_GoesDownUntilAStepPassesThenBisects()
    {
        List<CapacityOutcome> done = [new(90, false)];
        Assert.Equal(60, CapacityRates.Next(s_options, done));

        done.Add(new(60, false));
        Assert.Equal(40, CapacityRates.Next(s_options, done));

        done.Add(new(40, true));
        // Between the pass and the lowest failure above it, not the first one.
        Assert.Equal(49, CapacityRates.Next(s_options, done));

        done.Add(new(49, true));
        Assert.Null(CapacityRates.Next(s_options, done));
        Assert.Equal(49, CapacityRates.Capacity(done));
    }

    [Fact]
    public void Next_FailingAllTheWayDown_StopsAtTheMinimumRate()
    {
        var options = s_options with { StartRate = 1 };
        List<CapacityOutcome> done = [];
        while (CapacityRates.Next(options, done) is { } rate)
        {
            Assert.True(rate >= CapacityRates.MinimumRate, $"{rate} is below the minimum");
            done.Add(new(rate, false));
            Assert.True(done.Count < 10, "the search does not end");
        }

        Assert.Equal([1, 0.7, 0.5], done.Select(d => d.Rate));
        Assert.Equal(0, CapacityRates.Capacity(done));
    }

    [Fact]
    public void Capacity_IsTheHighestPassingRate()
    {
        Assert.Equal(22.5, CapacityRates.Capacity([new(10, true), new(15, true), new(33.8, false), new(22.5, true)]));
    }
}

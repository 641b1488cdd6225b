using Shop.Bench.Report;
using Shop.Bench.Tests.Infrastructure;

namespace Shop.Bench.Tests.Report;

public sealed class GoalsTests
{
    [Theory]
    [InlineData(0.70, RatioBound.Exact, GoalStatus.Met)]
    [InlineData(0.50, RatioBound.Exact, GoalStatus.NotMet)]
    [InlineData(0.70, RatioBound.AtLeast, GoalStatus.Met)]
    [InlineData(0.50, RatioBound.AtLeast, GoalStatus.NotMeasured)]
    [InlineData(0.70, RatioBound.AtMost, GoalStatus.NotMeasured)]
    [InlineData(0.50, RatioBound.AtMost, GoalStatus.NotMet)]
    public void Evaluate_CapacityRatioOrItsBound_DecidesOnlyWhatTheBoundAllows(double ratio, RatioBound bound, GoalStatus status)
    {
        var goal = Goals.Evaluate(new Ceilings(), [], new Comparison { CapacityRatio = ratio, CapacityRatioBound = bound }).Single(g => g.Name == "capacity-ratio");

        Assert.Equal((status, bound), (goal.Status, goal.Bound));
    }

    [Fact]
    public void Evaluate_GeneratorAgainstWrk_ComparesTheSameEndpointsRates()
    {
        var ceilings = new Ceilings
        {
            PlainDirect = new WrkResult { Rps = 40_000 },
            Generator = LoadTestReports.MaxRate(16_000),
            GeneratorToWrk = 0.4,
        };

        var goal = Goals.Evaluate(ceilings, [], comparison: null).Single(g => g.Name == "generator-vs-wrk");

        Assert.Equal(GoalStatus.NotMet, goal.Status);
        Assert.Equal("Shop.LoadTest max-rate 16,000 rps, wrk 40,000 rps, same plain endpoint, same run", goal.Note);
    }

    [Fact]
    public void Evaluate_BothSearchesNeverFailed_LeavesTheCapacityGoalUnmeasuredAndSaysWhatToDo()
    {
        ShapeReport[] shapes =
        [
            new() { Name = ShapeNames.Microservices, Figures = new ShapeFigures { CapacityRate = 60, CapacityIsLowerBound = true } },
            new() { Name = ShapeNames.Monolith, Figures = new ShapeFigures { CapacityRate = 60, CapacityIsLowerBound = true } },
        ];
        var comparison = ComparisonCalculator.Compare(shapes[0], shapes[1], footprint: null);

        var goal = Goals.Evaluate(new Ceilings(), shapes, comparison).Single(g => g.Name == "capacity-ratio");

        Assert.Equal(GoalStatus.NotMeasured, goal.Status);
        Assert.Equal("both capacity searches passed every rate they tried: raise their --max-rate (SHOP_BENCH_CAPACITY_ARGS)", goal.Note);
    }
}

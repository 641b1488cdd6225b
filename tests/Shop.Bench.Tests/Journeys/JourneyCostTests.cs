using Shop.Bench.Journeys;
using Shop.Bench.Sampling;
using Shop.Bench.Tests.Infrastructure;
using Shop.LoadTest.Reports;

namespace Shop.Bench.Tests.Journeys;

public sealed class JourneyCostTests
{
    private static readonly DateTimeOffset s_start = new(2026, 12, 8, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Between_TwoSamplesAndARun_DividesEachComponentsCpuByTheJourneysInTheWindow()
    {
        // 10 s, 20 journeys and 60 requests in it; catalog's two replicas add up to one component.
        var first = Sample(s_start.AddSeconds(1), busy: 100, ("gateway", 10, 1.0), ("catalog-1", 11, 2.0), ("catalog-2", 12, 0.5), ("postgres", 13, 4.0), ("loadgen", 14, 1.0));
        var last = Sample(s_start.AddSeconds(11), busy: 106, ("gateway", 10, 1.4), ("catalog-1", 11, 2.6), ("catalog-2", 12, 0.9), ("postgres", 13, 4.5), ("loadgen", 14, 2.0));

        var cost = JourneyCost.Between(first, last, Run(seconds: 12, journeysPerSecond: 2, requestsPerSecond: 6));

        Assert.Equal((10.0, 20L, 60L, 0L), (cost.Seconds, cost.Journeys, cost.Requests, cost.Errors));
        Assert.Equal(50, Component(cost, "catalog").MsPerJourney!.Value, 3);
        Assert.Equal(0.1, Component(cost, "catalog").Cores, 3);
        Assert.Equal(20, Component(cost, "gateway").MsPerJourney!.Value, 3);
        Assert.Equal(25, Component(cost, "postgres").MsPerJourney!.Value, 3);
        Assert.Equal(50, Component(cost, "loadgen").MsPerJourney!.Value, 3);
        // The machine was busy 6 s; the watched trees account for 2.9 of them.
        Assert.Equal(3.1, Component(cost, JourneyCost.Other).CpuSeconds, 3);
        // The shape is Shop's processes and its servers: not the generator, not the rest of the machine.
        Assert.Equal(95, cost.ShapeMsPerJourney!.Value, 3);
        Assert.Equal(1.9 * 1_000_000 / 60, cost.ShapeUsPerRequest!.Value, 1);
        Assert.Equal("other", cost.Components[0].Component);
    }

    [Fact]
    public void Between_AProcessThatRestartedInTheWindow_IsLeftOutNotCountedNegative()
    {
        var first = Sample(s_start.AddSeconds(1), busy: 10, ("catalog-1", 11, 5.0), ("cart-1", 20, 1.0));
        var last = Sample(s_start.AddSeconds(11), busy: 12, ("catalog-1", 99, 0.2), ("cart-1", 20, 1.5));

        var cost = JourneyCost.Between(first, last, Run(seconds: 12, journeysPerSecond: 1, requestsPerSecond: 1));

        Assert.DoesNotContain(cost.Components, c => c.Component == "catalog");
        Assert.Equal(50, Component(cost, "cart").MsPerJourney!.Value, 3);
    }

    [Fact]
    public void Between_NoRun_GivesCoresOnly()
    {
        var first = Sample(s_start, busy: 10, ("order-1", 30, 1.0));
        var last = Sample(s_start.AddSeconds(5), busy: 11, ("order-1", 30, 1.25));

        var cost = JourneyCost.Between(first, last, run: null);

        Assert.Equal(0.05, Component(cost, "order").Cores, 3);
        Assert.Null(Component(cost, "order").MsPerJourney);
        Assert.Null(cost.ShapeMsPerJourney);
        Assert.Null(cost.ShapeUsPerRequest);
    }

    [Fact]
    public void Between_SamplesOutOfOrder_Throws()
    {
        var sample = Sample(s_start, busy: 1);

        Assert.Throws<ArgumentException>(() => JourneyCost.Between(sample, sample, run: null));
    }

    [Fact]
    public void CountInWindow_CountsTheSecondsWhoseMiddleIsInside()
    {
        var run = Run(seconds: 10, journeysPerSecond: 3, requestsPerSecond: 9, errorsPerSecond: 1);

        // Seconds 2, 3 and 4 (middles at 2.5, 3.5, 4.5) lie in [2.2, 4.9].
        var (journeys, requests, errors) = JourneyCost.CountInWindow(run, s_start.AddSeconds(2.2), s_start.AddSeconds(4.9));

        Assert.Equal((9L, 27L, 3L), (journeys, requests, errors));
    }

    [Fact]
    public void ProblemsOf_FailedRequestsAnOverloadAndNoJourney_AreEachNamed()
    {
        var run = Run(seconds: 10, journeysPerSecond: 1, requestsPerSecond: 1000, errorsPerSecond: 2);
        var overloaded = run with { Overload = LoadTestReports.KeptUp with { Overloaded = true, Dropped = 7 } };
        var cost = JourneyCost.Between(Sample(s_start.AddSeconds(1), 1), Sample(s_start.AddSeconds(9), 2), overloaded);
        var empty = JourneyCost.Between(Sample(s_start.AddSeconds(20), 1), Sample(s_start.AddSeconds(25), 2), run);

        Assert.Empty(JourneyWindow.ProblemsOf(run, JourneyCost.Between(Sample(s_start.AddSeconds(1), 1), Sample(s_start.AddSeconds(9), 2), Run(10, 1, 1000))));
        var problems = JourneyWindow.ProblemsOf(overloaded, cost);
        Assert.Contains(problems, p => p.Contains("requests failed", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("overloaded", StringComparison.Ordinal));
        Assert.Contains(JourneyWindow.ProblemsOf(run, empty), p => p.Contains("no journey", StringComparison.Ordinal));
    }

    [Fact]
    public void CostTable_HasARowPerJourneyAndTheIdleCores()
    {
        var first = Sample(s_start.AddSeconds(1), busy: 100, ("gateway", 10, 1.0), ("monolith-1", 11, 2.0));
        var last = Sample(s_start.AddSeconds(11), busy: 102, ("gateway", 10, 1.2), ("monolith-1", 11, 3.0));
        var run = Run(seconds: 12, journeysPerSecond: 2, requestsPerSecond: 6);
        var cost = JourneyCost.Between(first, last, run);
        var idle = JourneyCost.Between(first, Sample(s_start.AddSeconds(11), busy: 100.5, ("gateway", 10, 1.01), ("monolith-1", 11, 2.1)), run: null);

        var table = JourneysMarkdown.CostTable(new ShapeJourneys("monolith", idle, [new JourneyWindow("browse", 2, cost, StepLatency.Of(run), [])]));

        Assert.Contains("| browse (2/s) | 3.0 |", table, StringComparison.Ordinal);
        Assert.Contains("**60.00 ms**", table, StringComparison.Ordinal);
        Assert.Contains("| idle, cores (m = thousandths) |", table, StringComparison.Ordinal);
        Assert.Contains("10m", table, StringComparison.Ordinal);
    }

    private static ComponentCpu Component(JourneyCost cost, string name) => Assert.Single(cost.Components, c => c.Component == name);

    private static ProcessSample Sample(DateTimeOffset at, double busy, params (string Name, int Pid, double Cpu)[] processes) => new()
    {
        At = at,
        MachineBusySeconds = busy,
        MachineTotalSeconds = busy * 2,
        Processes = [.. processes.Select(p => new ProcessReading { Name = p.Name, Role = ProcessRoles.Of(p.Name), Pid = p.Pid, ProcessCount = 1, CpuSeconds = p.Cpu })],
    };

    private static RunReport Run(int seconds, long journeysPerSecond, long requestsPerSecond, long errorsPerSecond = 0)
    {
        var timeline = Enumerable.Range(0, seconds).Select(second => new TimelineSecond(
            second, "load", journeysPerSecond, journeysPerSecond, journeysPerSecond, journeysPerSecond, errorsPerSecond, 0, 0, 1, 0, 1, 2,
            new Dictionary<string, StepSecond> { [StepNames.BrowseList] = new(requestsPerSecond, errorsPerSecond, 1, 2) })).ToList();
        return LoadTestReports.Run(s_start, s_start.AddSeconds(seconds)) with { Timeline = timeline };
    }
}

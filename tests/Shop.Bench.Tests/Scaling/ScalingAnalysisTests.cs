using Shop.Bench.Report;
using Shop.Bench.Scaling;
using static Shop.Bench.Tests.Infrastructure.ScalingFixtures;

namespace Shop.Bench.Tests.Scaling;

public sealed class ScalingAnalysisTests
{
    private const string Micro = ShapeNames.Microservices;
    private const string Mono = ShapeNames.Monolith;

    private static readonly ScalingPoint[] s_curves =
    [
        Point(Micro, "catalog=1,cart=1,order=1,reporting=1", 40, 2, 1000, bottleneck: "catalog", throttled: 0.6),
        Point(Micro, "catalog=2,cart=1,order=1,reporting=1", 60, 2.5, 1200, bottleneck: "catalog", throttled: 0.4),
        Point(Micro, "catalog=3,cart=1,order=1,reporting=1", 70, 3, 1400, bottleneck: "order", throttled: 0.3),
        Point(Mono, "monolith=1", 30, 0.5, 400, bottleneck: "monolith", throttled: 0.9),
        Point(Mono, "monolith=2", 55, 1, 800, bottleneck: "monolith", throttled: 0.8),
        Point(Mono, "monolith=2", 56, 1, 700, bottleneck: "monolith", throttled: 0.8),
        Point(Mono, "monolith=3", 90, 1.5, 1100, machineBound: true, bottleneck: "monolith", throttled: 0.1),
    ];

    [Fact]
    public void Demands_BothShapesMeasured_ThePeakTheMostBothServedAndHalfOfIt()
    {
        var demands = ScalingAnalysis.Demands(Handmade(50, s_curves), ScalingMixes.Browse);

        Assert.Equal([50, 70, 35], demands.Select(d => d.Rate));
        Assert.Equal("the scenario's peak (50 journeys/s)", demands[0].Demand);
        Assert.Equal("the most both shapes served (70 journeys/s)", demands[1].Demand);
        Assert.Equal("half of that (35 journeys/s)", demands[2].Demand);
    }

    [Fact]
    public void Demands_HalfEqualsThePeak_ListedOnce()
    {
        var demands = ScalingAnalysis.Demands(Handmade(35, s_curves), ScalingMixes.Browse);

        Assert.Equal([35, 70], demands.Select(d => d.Rate));
    }

    [Fact]
    public void Demands_OneShapeOnly_OnlyThePeak()
    {
        var demands = ScalingAnalysis.Demands(Handmade(50, [.. s_curves.Where(p => p.Shape == Micro)]), ScalingMixes.Browse);

        Assert.Equal([50], demands.Select(d => d.Rate));
    }

    [Fact]
    public void Cheapest_EachDemand_SmallestQuotaThenLessMemoryThatReachedIt()
    {
        var cheapest = ScalingAnalysis.Cheapest(Handmade(50, s_curves));

        string? Chosen(string shape, double rate) => cheapest.Single(c => c.Shape == shape && c.Rate == rate).Point is { } p
            ? $"{p.ReplicasText} {p.CpuQuotaCores} {p.MemoryMiB}"
            : null;
        Assert.Equal(6, cheapest.Count);
        Assert.Equal("catalog=2,cart=1,order=1,reporting=1 2.5 1200", Chosen(Micro, 50));
        Assert.Equal("monolith=2 1 700", Chosen(Mono, 50));
        Assert.Equal("catalog=3,cart=1,order=1,reporting=1 3 1400", Chosen(Micro, 70));
        Assert.Equal("monolith=3 1.5 1100", Chosen(Mono, 70));
        Assert.Equal("catalog=1,cart=1,order=1,reporting=1 2 1000", Chosen(Micro, 35));
        Assert.Equal("monolith=2 1 700", Chosen(Mono, 35));
        Assert.All(cheapest, c => Assert.False(c.CheaperMayServe));
    }

    [Fact]
    public void Cheapest_PeakAboveEveryCapacity_NoPoint()
    {
        var cheapest = ScalingAnalysis.Cheapest(Handmade(500, s_curves));

        Assert.All(cheapest.Where(c => c.Rate == 500), c => Assert.Null(c.Point));
        Assert.Equal(2, cheapest.Count(c => c.Rate == 500));
    }

    [Fact]
    public void Cheapest_CheaperLowerBoundBelowTheDemand_SaysItMayServe()
    {
        var report = Handmade(60,
            Point(Micro, "catalog=1", 50, 0.5, 300, lowerBound: true),
            Point(Micro, "catalog=2", 80, 1, 600));

        var cheapest = Assert.Single(ScalingAnalysis.Cheapest(report));

        Assert.Equal("catalog=2", cheapest.Point!.ReplicasText);
        Assert.True(cheapest.CheaperMayServe);
    }

    [Fact]
    public void Bottlenecks_FirstPointOfEachShape_NamesTheHostAndItsThrottledShare()
    {
        var text = ScalingAnalysis.Bottlenecks(Handmade(50, s_curves), ScalingMixes.Browse);

        Assert.Equal(
            "With the blackfriday mix at one replica per host, in microservices catalog was the bottleneck, throttled in 60 % of its CPU periods at 40 journeys/s (catalog=1,cart=1,order=1,reporting=1) " +
            "and in the monolith its one host was throttled in 90 % of its CPU periods at 30 journeys/s (monolith=1).",
            text);
    }

    [Fact]
    public void Growth_PerAddedReplica_JourneysPerExtraCoreOfQuota()
    {
        var text = ScalingAnalysis.Growth(Handmade(50, s_curves), ScalingMixes.Browse)!;

        Assert.Contains("microservices went from 40 journeys/s on 2 cores of quota (catalog=1,cart=1,order=1,reporting=1) to 70 on 3 (catalog=3,cart=1,order=1,reporting=1): 40, 20 journeys/s per extra core", text, StringComparison.Ordinal);
        Assert.Contains("against 20 per core at the start", text, StringComparison.Ordinal);
        // 30 → 56 over 0.5 core, 56 → 55 within the same quota (no extra core), 55 → 90 over 0.5 core.
        Assert.Contains("the monolith went from 30 journeys/s on 0.5 cores of quota (monolith=1) to 90 on 1.5 (monolith=3): 52, –, 70 (machine-bound) journeys/s per extra core", text, StringComparison.Ordinal);
    }

    [Fact]
    public void CheaperShape_MonolithNeedsLess_SaysSoAndWhyOnce()
    {
        var report = ScalingAnalysis.Complete(Handmade(50, s_curves));

        var text = ScalingAnalysis.CheaperShape(report, ScalingMixes.Browse)!;

        Assert.StartsWith("With the blackfriday mix, to serve the scenario's peak (50 journeys/s), microservices need 2.5 cores of quota and 1,200 MiB", text, StringComparison.Ordinal);
        Assert.Contains("The monolith is cheaper, in CPU quota (microservices need 2.50×) and in memory (1.71×): the services pay for the hops", text, StringComparison.Ordinal);
        Assert.Equal(1, Occurrences(text, "the services pay for the hops"));
        Assert.Equal(3, Occurrences(text, "The monolith is cheaper"));
    }

    [Fact]
    public void CheaperShape_MicroservicesNeedLess_SaysMicroservices()
    {
        var report = ScalingAnalysis.Complete(Handmade(50,
            Point(Micro, "catalog=2,cart=1", 60, 1.5, 700),
            Point(Mono, "monolith=4", 60, 2, 1600)));

        var text = ScalingAnalysis.CheaperShape(report, ScalingMixes.Browse)!;

        Assert.Contains("Microservices are cheaper, in CPU quota (the monolith needs 1.33×) and in memory (2.29×): only the bottleneck host got more replicas", text, StringComparison.Ordinal);
        Assert.DoesNotContain("The monolith is cheaper", text, StringComparison.Ordinal);
    }

    [Fact]
    public void MachineBound_FirstMachineBoundPoint_ItsBusyShareAndThatTheCurveMeasuresTheMachine()
    {
        var text = ScalingAnalysis.MachineBound(Handmade(50, s_curves));

        Assert.Equal(
            "The machine, not the limits, became the constraint first at monolith monolith=3 with the blackfriday mix (1.5 cores of quota on a machine of 4 cores): " +
            "the machine was busy 97 % of the time (the replicas waited for the machine). From there on, that curve measures this machine, not what another replica would give on a bigger one.",
            text);
        Assert.StartsWith("No measured point was machine-bound", ScalingAnalysis.MachineBound(Handmade(50, s_curves[0])), StringComparison.Ordinal);
    }

    [Fact]
    public void Isolation_CpuHog_CheckoutP99AndSuccessDuringAgainstBeforePerShape()
    {
        var report = Handmade(50, s_curves) with
        {
            Isolation =
            [
                Experiment(Micro, IsolationFaults.ReportingCpuHog, (200, 1, true), (230, 1, true), (205, 1, true)),
                Experiment(Mono, IsolationFaults.ReportingCpuHog, (190, 1, true), (2400, 0.93, true), (210, 1, true)),
            ],
        };

        var text = ScalingAnalysis.Isolation(report, IsolationFaults.ReportingCpuHog);

        Assert.Equal(
            "During the reporting CPU hog, checkout p99 barely moved (200 to 230 ms) in microservices and rose from 190 to 2,400 ms in the monolith; " +
            "checkout success stayed at 100 % in microservices and went from 100 % to 93 % in the monolith. Afterwards it was 205 ms in microservices and 210 ms in the monolith. " +
            "It hurt the monolith more (p99 ×12.63 against ×1.15).",
            text);
    }

    [Fact]
    public void Isolation_InvalidWindow_SaysWhichIsNotToBeTrusted()
    {
        var report = Handmade(50) with
        {
            Isolation = [Experiment(Mono, IsolationFaults.CatalogReplicaKilled, (190, 1, true), (900, 0.98, false), (200, 1, true))],
        };

        var text = ScalingAnalysis.Isolation(report, IsolationFaults.CatalogReplicaKilled)!;

        Assert.StartsWith("With a catalog replica killed (SIGKILL), checkout p99 rose from 190 to 900 ms in the monolith", text, StringComparison.Ordinal);
        Assert.EndsWith("Not to be trusted: the generator fell behind in monolith during.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Caveats_QuickLowerBoundOtherShopInvalidWindow_EachSaid()
    {
        var report = Handmade(50, Point(Micro, "catalog=1", 50, 0.5, 300, lowerBound: true)) with
        {
            Conditions = Handmade(50).Conditions with { Quick = true, OtherShopRunning = true, StepSeconds = 10, WindowSeconds = 5 },
            Isolation = [Experiment(Mono, IsolationFaults.ReportingRebuild, (190, 1, false), (300, 1, true), (200, 1, true))],
        };

        var text = ScalingAnalysis.Caveats(report);

        Assert.Contains("this was a --quick run (10 s steps, 5 s windows)", text, StringComparison.Ordinal);
        Assert.Contains("1 capacity is a lower bound", text, StringComparison.Ordinal);
        Assert.Contains("the Shop of ./shop up was running", text, StringComparison.Ordinal);
        Assert.Contains("in 1 isolation window the generator fell behind", text, StringComparison.Ordinal);
        Assert.StartsWith("No caveat", ScalingAnalysis.Caveats(Handmade(50, s_curves[0])), StringComparison.Ordinal);
    }

    [Fact]
    public void Validity_EveryKindOfProblem_OneFlagEachWithItsSeverityAndShape()
    {
        var report = Handmade(50,
            Point(Micro, "catalog=1", 50, 0.5, 300, lowerBound: true),
            Point(Mono, "monolith=4", 90, 2, 1500, machineBound: true),
            Point(Mono, "monolith=1", 0, 0.5, 400)) with
        {
            Conditions = Handmade(50).Conditions with { Quick = true, OtherShopRunning = true },
            Isolation = [Experiment(Micro, IsolationFaults.ReportingCpuHog, (190, 1, true), (300, 1, false))],
        };

        var flags = ScalingAnalysis.Validity(report);

        Assert.Equal(
            [
                (Severity.Warning, null),
                (Severity.Warning, null),
                (Severity.Warning, Micro),
                (Severity.Warning, Mono),
                (Severity.Warning, Mono),
                (Severity.Error, Micro),
                (Severity.Warning, Micro),
            ],
            flags.Select(f => (f.Severity, f.Shape)));
        Assert.StartsWith("--quick", flags[0].Text, StringComparison.Ordinal);
        Assert.Equal("catalog=1 with blackfriday: the capacity search passed every rate it tried: capacity is at least 50 journeys/s, maybe more", flags[2].Text);
        Assert.Equal("monolith=4 with blackfriday was machine-bound (the replicas waited for the machine; machine busy 97 %): its capacity measures the machine, not the limits", flags[3].Text);
        Assert.Equal("monolith=1 with blackfriday: no rate of the capacity search met the criterion", flags[4].Text);
        Assert.StartsWith("reporting CPU hog, window during: the load generator did not keep its schedule", flags[5].Text, StringComparison.Ordinal);
        Assert.Equal("reporting CPU hog: no after window", flags[6].Text);
    }

    [Fact]
    public void Validity_CleanReport_NoFlag()
    {
        Assert.Empty(ScalingAnalysis.Validity(Handmade(50, s_curves[0])));
        Assert.Equal("no scale-out point was measured", Assert.Single(ScalingAnalysis.Validity(Handmade(50))).Text);
    }

    [Fact]
    public async Task Complete_Fixture_FillsCheapestReadingAndValidity()
    {
        var report = await CompletedAsync();

        Assert.Equal(12, report.Cheapest.Count);
        var peak = report.Cheapest.Where(c => c.Mix == ScalingMixes.Browse && c.Rate == 80).ToDictionary(c => c.Shape, c => c.Point!.ReplicasText);
        Assert.Equal("catalog=3,cart=1,order=1,reporting=1", peak[Micro]);
        Assert.Equal("monolith=2", peak[Mono]);
        Assert.All(report.Cheapest.Where(c => c.Mix == ScalingMixes.Checkout && c.Rate == 80), c => Assert.Null(c.Point));
        var flag = Assert.Single(report.Validity);
        Assert.Equal((Severity.Warning, Mono), (flag.Severity, flag.Shape));
        // Per mix: bottlenecks, growth, cheaper shape; the machine; three faults; caveats.
        Assert.Equal(2 * 3 + 1 + 3 + 1, report.Reading.Count);
        Assert.Contains(report.Reading, p => p.StartsWith("During the reporting CPU hog, checkout p99 barely moved (205 to 231 ms) in microservices and rose from 195 to 2,400 ms in the monolith", StringComparison.Ordinal));
    }

    private static int Occurrences(string text, string part) =>
        (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}

using System.Text.Json;
using Shop.LoadTest.Reports;
using Shop.Bench.Report;
using Shop.Bench.Tests.Infrastructure;

namespace Shop.Bench.Tests.Report;

public sealed class ReportAssemblerTests
{
    [Fact]
    public async Task AssembleAsync_FixtureBench_ReadsBothShapesInOrderWithEveryPart()
    {
        var report = await BenchFixtures.AssembleAsync();

        Assert.Equal([ShapeNames.Microservices, ShapeNames.Monolith], report.Shapes.Select(s => s.Name));
        Assert.All(report.Shapes, shape =>
        {
            Assert.NotNull(shape.Run);
            Assert.NotNull(shape.Capacity);
            Assert.NotNull(shape.Prometheus);
            Assert.Equal(["scenario", "capacity search"], shape.Invariants.Select(i => i.After));
            Assert.Equal(160, shape.ProcessSamples.Count);
        });
        Assert.Equal(84338.12, report.Ceilings.PlainDirect!.Rps);
        Assert.Equal(0.29, report.Ceilings.PlainDirect.P50Ms!.Value, 6);
        Assert.NotNull(report.Footprint);
        Assert.NotEmpty(report.Reading);
    }

    [Fact]
    public async Task AssembleAsync_FixtureBench_CapacityRatioAndEqualLoadComeFromTheCapacitySearches()
    {
        var report = await BenchFixtures.AssembleAsync();

        Assert.Equal(40, report.Shape(ShapeNames.Microservices)!.Figures.CapacityRate);
        Assert.Equal(60, report.Shape(ShapeNames.Monolith)!.Figures.CapacityRate);
        Assert.Equal(40.0 / 60, report.Comparison!.CapacityRatio!.Value, 9);
        // 50/s is the highest rate both searches ran (the microservices' search stopped there).
        var equal = report.Comparison.EqualLoad!;
        Assert.Equal(50, equal.Rate);
        Assert.Equal(report.Shape(ShapeNames.Microservices)!.Capacity!.Steps.Single(s => s.Rate == 50).CheckoutP99Ms, equal.MicroservicesCheckoutP99Ms);
        Assert.Equal(report.Shape(ShapeNames.Monolith)!.Capacity!.Steps.Single(s => s.Rate == 50).CheckoutP99Ms, equal.MonolithCheckoutP99Ms);
    }

    [Fact]
    public async Task AssembleAsync_FixtureBench_CapacityInRequestsUsesTheRunsRequestsPerJourney()
    {
        var report = await BenchFixtures.AssembleAsync();

        foreach (var shape in report.Shapes)
        {
            var run = shape.Run!;
            var perJourney = (double)run.Steps.Sum(s => s.Count) / run.Totals.Started;
            Assert.Equal(perJourney, shape.Figures.RequestsPerJourney!.Value, 9);
            Assert.Equal(shape.Figures.CapacityRate!.Value * perJourney, shape.Figures.CapacityRequestsPerSecond!.Value, 9);
            Assert.Equal(shape.Figures.CapacityRequestsPerSecond!.Value / report.Ceilings.PlainThroughGateway!.Rps,
                shape.Figures.CapacityShareOfGatewayCeiling!.Value, 9);
        }
    }

    [Fact]
    public async Task AssembleAsync_FixtureBench_CpuPerThousandOrdersAddsShopAndServersOverTheCostWindow()
    {
        var report = await BenchFixtures.AssembleAsync();

        foreach (var shape in report.Shapes)
        {
            var f = shape.Figures;
            Assert.Equal((f.CpuSecondsShop!.Value + f.CpuSecondsServers!.Value) * 1000 / f.OrdersAccepted, f.CpuSecondsPerThousandOrders!.Value, 9);
            // The cost window runs from the scenario's start until the shape settled (fixture: 9 s and 3 s after its end).
            Assert.Equal(shape.Name == ShapeNames.Microservices ? 129 : 123, f.CostWindowSeconds, 0);
            Assert.Equal(f.CpuSecondsShop.Value + f.CpuSecondsServers.Value, f.CpuSecondsByComponent.Values.Sum(), 9);
            Assert.DoesNotContain("prometheus", f.CpuSecondsByComponent.Keys);
            Assert.DoesNotContain("loadgen", f.CpuSecondsByComponent.Keys);
        }
        Assert.Equal(report.Shape(ShapeNames.Microservices)!.Figures.CpuSecondsPerThousandOrders!.Value / report.Shape(ShapeNames.Monolith)!.Figures.CpuSecondsPerThousandOrders!.Value,
            report.Comparison!.CpuPerOrderRatio!.Value, 9);
    }

    [Fact]
    public async Task AssembleAsync_FixtureBench_GoalsAreMetNothingIsInvalidAndTheOverloadIsAFinding()
    {
        var report = await BenchFixtures.AssembleAsync();

        var generator = report.Goals.Single(g => g.Name == "generator-vs-wrk");
        Assert.Equal(46012.5 / 84338.12, generator.Achieved!.Value, 9);
        Assert.Equal(GoalStatus.Met, generator.Status);
        Assert.Equal(GoalStatus.Met, report.Goals.Single(g => g.Name == "capacity-ratio").Status);
        // The fixture's microservices dropped 150 arrivals at the cap during the peak, with the generator on schedule.
        var finding = Assert.Single(report.Validity);
        Assert.Equal((Severity.Finding, ShapeNames.Microservices), (finding.Severity, finding.Shape));
        Assert.StartsWith("overloaded: the shop did not keep up from 70 s to 84 s of the scenario (arrivals dropped in 15 s of them): 150 arrivals (5.1 %) dropped at the in-flight cap of 2,000, " +
            "p99 4,480 ms meanwhile against 118 ms before; it recovered at 88 s, 4 s after the last drop", finding.Text, StringComparison.Ordinal);
        Assert.Equal(VerdictKind.Overloaded, report.Verdict.Kind);
        Assert.Equal("Valid, overloaded: microservices did not keep up for 15 s (150 arrivals dropped at the in-flight cap, p99 4,480 ms, recovered at 88 s); monolith kept up.", report.Verdict.Text);
    }

    [Fact]
    public async Task AssembleAsync_GeneratorBehindInOneShape_InvalidBeforeAnyOverload()
    {
        using var folder = BenchFixtures.Copy();
        await EditRunAsync(folder.Path, ShapeNames.Monolith, run => run with
        {
            Validity = run.Validity with { Valid = false, Problems = ["40 journeys started late with a slot free"] },
        });

        var report = await BenchFixtures.AssembleAsync(folder.Path);

        var problem = Assert.Single(report.Validity, f => f.Severity == Severity.Error);
        Assert.Equal(ShapeNames.Monolith, problem.Shape);
        Assert.Equal("the load generator could not keep its schedule, so the arrivals were not the scenario's: 40 journeys started late with a slot free", problem.Text);
        Assert.Contains(report.Validity, f => f.Severity == Severity.Finding && f.Shape == ShapeNames.Microservices);
        Assert.Equal(VerdictKind.Invalid, report.Verdict.Kind);
        Assert.StartsWith("Invalid: 1 problem (monolith) put figures in doubt", report.Verdict.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssembleAsync_BothShapesKeptUp_ValidWithoutFindings()
    {
        using var folder = BenchFixtures.Copy();
        await EditRunAsync(folder.Path, ShapeNames.Microservices, run => run with
        {
            Overload = new OverloadReport(false, 0, 0, 0, null, null, null, 118, null, 2000),
        });

        var report = await BenchFixtures.AssembleAsync(folder.Path);

        Assert.Empty(report.Validity);
        Assert.Equal(new Verdict(VerdictKind.Valid, "Valid: every shape kept up with the scenario."), report.Verdict);
    }

    [Fact]
    public async Task AssembleAsync_MonolithCapacityMissing_FlagsItAndMeasuresNoCapacityRatio()
    {
        using var folder = BenchFixtures.Copy();
        File.Delete(Path.Combine(folder.Path, ShapeNames.Monolith, ReportAssembler.CapacityFile));

        var report = await BenchFixtures.AssembleAsync(folder.Path);

        Assert.Null(report.Comparison!.CapacityRatio);
        Assert.Null(report.Comparison.EqualLoad);
        Assert.Equal(GoalStatus.NotMeasured, report.Goals.Single(g => g.Name == "capacity-ratio").Status);
        var flag = Assert.Single(report.Validity, f => f.Severity != Severity.Finding);
        Assert.Equal((Severity.Warning, ShapeNames.Monolith), (flag.Severity, flag.Shape));
        Assert.Contains("no capacity.json", flag.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssembleAsync_OnlyTheMonolithFolder_ReportsOneShapeWithoutComparison()
    {
        using var folder = BenchFixtures.Copy();
        Directory.Delete(Path.Combine(folder.Path, ShapeNames.Microservices), recursive: true);
        File.Delete(Path.Combine(folder.Path, ReportAssembler.SettingsFile));

        var report = await BenchFixtures.AssembleAsync(folder.Path);

        Assert.Equal([ShapeNames.Monolith], report.Shapes.Select(s => s.Name));
        Assert.Null(report.Comparison);
        Assert.Contains(report.Validity, f => f.Severity == Severity.Note && f.Text == "only monolith ran: no comparison");
    }

    [Fact]
    public async Task AssembleAsync_SerializedReport_RoundTripsTheRawFigures()
    {
        var report = await BenchFixtures.AssembleAsync();

        var json = JsonSerializer.Serialize(report, BenchJson.Options);
        var read = JsonSerializer.Deserialize<BenchReport>(json, BenchJson.Options)!;

        Assert.Equal(report.Shapes.Count, read.Shapes.Count);
        Assert.Equal(report.Shapes[0].Run!.Timeline.Count, read.Shapes[0].Run!.Timeline.Count);
        Assert.Equal(report.Shapes[0].ProcessSamples.Count, read.Shapes[0].ProcessSamples.Count);
        Assert.Equal(report.Comparison!.CapacityRatio, read.Comparison!.CapacityRatio);
        Assert.Contains("\"kind\": \"blackfriday-report\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", json, StringComparison.Ordinal);
    }

    private static async Task EditRunAsync(string folder, string shape, Func<RunReport, RunReport> edit)
    {
        var path = Path.Combine(folder, shape, ReportAssembler.RunFile);
        await ReportFile.WriteAsync(edit(await ReportFile.ReadAsync<RunReport>(path)), path);
    }
}

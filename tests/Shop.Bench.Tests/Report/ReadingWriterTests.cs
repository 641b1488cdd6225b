using Shop.Bench.Invariants;
using Shop.Bench.Report;
using Shop.Bench.Tests.Infrastructure;
using Shop.LoadTest.Reports;

namespace Shop.Bench.Tests.Report;

public sealed class ReadingWriterTests
{
    private static readonly MachineInfo s_twoCores = BenchFixtures.TwoCores;

    [Theory]
    [InlineData(40, 60, "which meets the goal of 0.60.")]
    [InlineData(30, 60, "short of the goal of 0.60.")]
    public void Capacity_RatioAgainstTheGoal_SaysWhetherItMeetsIt(double micro, double mono, string ending)
    {
        var (m, o, comparison) = Pair(new ShapeFigures { CapacityRate = micro }, new ShapeFigures { CapacityRate = mono });

        var text = ReadingWriter.Capacity(m, o, comparison)!;

        Assert.StartsWith($"Microservices sustained {micro} journeys/s and the monolith {mono} journeys/s", text, StringComparison.Ordinal);
        Assert.EndsWith(ending, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Capacity_MicroservicesAboveTheMonolith_PointsAtALimitOtherThanCpu()
    {
        var (m, o, comparison) = Pair(new ShapeFigures { CapacityRate = 66 }, new ShapeFigures { CapacityRate = 60 });

        Assert.Contains("the monolith hit a limit other than CPU work", ReadingWriter.Capacity(m, o, comparison), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, true, "microservices reach at most 0.67 of the monolith's capacity, which does not yet decide the goal of 0.60. The search of monolith passed every rate it tried")]
    [InlineData(true, false, "microservices reach at least 0.67 of the monolith's capacity, which meets the goal of 0.60. The search of microservices passed every rate it tried")]
    public void Capacity_OneSearchNeverFailed_ReadsTheRatioAsABound(bool microBound, bool monoBound, string phrase)
    {
        var (m, o, comparison) = Pair(new ShapeFigures { CapacityRate = 40, CapacityIsLowerBound = microBound }, new ShapeFigures { CapacityRate = 60, CapacityIsLowerBound = monoBound });

        Assert.Contains(phrase, ReadingWriter.Capacity(m, o, comparison), StringComparison.Ordinal);
        Assert.Null(ReadingWriter.PublishedRange(comparison, s_twoCores));
    }

    [Fact]
    public void Capacity_BothSearchesNeverFailed_SaysTheRatioIsUnknown()
    {
        var (m, o, comparison) = Pair(new ShapeFigures { CapacityRate = 50.7, CapacityIsLowerBound = true }, new ShapeFigures { CapacityRate = 50.7, CapacityIsLowerBound = true });

        var text = ReadingWriter.Capacity(m, o, comparison)!;

        Assert.Null(comparison.CapacityRatio);
        Assert.StartsWith("Both capacity searches passed every rate they tried (microservices up to 50.7 journeys/s, the monolith up to 50.7): both capacities are higher", text, StringComparison.Ordinal);
        Assert.EndsWith("Run the search with a higher --max-rate.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Capacity_OnlyOneShapeMeasured_SaysThereIsNoRatio()
    {
        var text = ReadingWriter.Capacity(Shape(ShapeNames.Microservices, new ShapeFigures { CapacityRate = 40 }), null, null)!;

        Assert.Equal("Microservices sustained 40 journeys/s with checkout p99 ≤ 1 s and under 0.1 % errors. Without both shapes' capacity there is no ratio.", text);
        Assert.Null(ReadingWriter.Capacity(null, null, null));
    }

    [Fact]
    public void CpuPerOrder_MicroservicesSpendTwice_NamesTheComponentsOfTheDifferenceLargestFirst()
    {
        var micro = new ShapeFigures
        {
            OrdersAccepted = 1000,
            CpuSecondsPerThousandOrders = 200,
            CpuSecondsByComponent = new Dictionary<string, double> { ["application"] = 90, ["rabbitmq"] = 50, ["gateway"] = 30, ["postgres"] = 28, ["redis"] = 2 },
        };
        var mono = new ShapeFigures
        {
            OrdersAccepted = 1000,
            CpuSecondsPerThousandOrders = 100,
            CpuSecondsByComponent = new Dictionary<string, double> { ["application"] = 50, ["gateway"] = 28, ["postgres"] = 20, ["redis"] = 2 },
        };
        var (m, o, comparison) = Pair(micro, mono);

        var text = ReadingWriter.CpuPerOrder(m, o, comparison)!;

        Assert.StartsWith("Per 1,000 orders the microservices used 200 CPU-seconds and the monolith 100 (2.00×)", text, StringComparison.Ordinal);
        // Extra: application 40, rabbitmq 50, postgres 8 (below 10 %: left out), gateway 2 (left out) = 100.
        Assert.EndsWith("Of the extra 100 CPU-seconds per 1,000 orders, 50 % to RabbitMQ (which the monolith does not need) and 40 % to the service processes (serializing and deserializing every message, and four runtimes instead of one).", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(105, "That is about the same")]
    [InlineData(90, "Microservices spending less CPU per order is unusual")]
    public void CpuPerOrder_CloseOrLower_ExplainsInsteadOfBreakingDown(double micro, string phrase)
    {
        var (m, o, comparison) = Pair(new ShapeFigures { CpuSecondsPerThousandOrders = micro }, new ShapeFigures { CpuSecondsPerThousandOrders = 100 });

        var text = ReadingWriter.CpuPerOrder(m, o, comparison)!;

        Assert.Contains(phrase, text, StringComparison.Ordinal);
        Assert.DoesNotContain("Of the extra", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(600, 200, "the extra hops, and the queueing behind a busier CPU, show in the tail.")]
    [InlineData(200, 600, "the monolith's tail was longer")]
    [InlineData(210, 200, "close, as at this load the tail is set by the database")]
    public void Latency_CheckoutP99Ratio_ChoosesTheExplanation(double micro, double mono, string phrase)
    {
        var (m, o, comparison) = Pair(new ShapeFigures { CheckoutP99Ms = micro }, new ShapeFigures { CheckoutP99Ms = mono });

        Assert.Contains(phrase, ReadingWriter.Latency(m, o, comparison), StringComparison.Ordinal);
    }

    [Fact]
    public void Overload_OneShapeDidNotKeepUpWithAScheduleScaledToTheSlowerCapacity_SaysForHowLongAndWhenItRecovered()
    {
        var micro = Shape(ShapeNames.Microservices, new ShapeFigures { Overload = new(true, 1234, 0.081, 20, 150, 171, 8200, 120, 185, 2000) });
        var mono = Shape(ShapeNames.Monolith, new ShapeFigures { Overload = new(false, 0, 0, 0, null, null, null, 90, null, 2000) });
        var scale = new ScaleChoice { Source = ScaleSource.Capacity, Scale = 1.5, PeakRate = 300, PeakToCapacity = 1.5, CapacityRate = 200, CapacityShape = ShapeNames.Microservices };

        var text = ReadingWriter.Overload(micro, mono, scale)!;

        Assert.Equal(
            "Under the same arrival schedule, its peak 300 journeys/s (1.5 × the capacity of microservices, 200 journeys/s): microservices did not keep up from 150 s to 171 s: " +
            "1,234 arrivals (8.1 %) found all 2,000 of the generator's slots held by journeys waiting on it and were dropped, and the p99 of every request went from 120 ms before to 8,200 ms; " +
            "it recovered at 185 s, 14 s after the last drop, once the rate fell below what it sustains. Monolith kept up with the same schedule. " +
            "An overload is what the shop did with the load, not a fault of the measurement: the generator kept its schedule, and the journeys that ran are timed from when they were due.",
            text);
    }

    [Fact]
    public void Overload_BothKeptUp_SaysSoAndNothingWithoutRuns()
    {
        var keptUp = new OverloadReport(false, 0, 0, 0, null, null, null, 90, null, 2000);

        Assert.Equal("Under the same arrival schedule, both shapes kept up: no arrival found every slot of the generator held.",
            ReadingWriter.Overload(Shape(ShapeNames.Microservices, new ShapeFigures { Overload = keptUp }), Shape(ShapeNames.Monolith, new ShapeFigures { Overload = keptUp }), null));
        Assert.Null(ReadingWriter.Overload(Shape(ShapeNames.Microservices, new ShapeFigures()), null, null));
    }

    [Fact]
    public void SaturationAndScaling_SaturatedMachineAndMatchingCpuRatio_SaysCpuPerOrderExplainsIt()
    {
        var micro = Shape(ShapeNames.Microservices, new ShapeFigures
        {
            MachineBusyCoresPeak = 1.95,
            MachineBusyCoresMean = 1.7,
            CpuSecondsByProcess = new Dictionary<string, double> { ["catalog-1"] = 30, ["catalog-2"] = 20, ["order-1"] = 40, ["gateway"] = 99 },
        });
        var comparison = new Comparison { CpuPerOrderRatio = 2, CapacityRatio = 0.55 };

        var text = ReadingWriter.SaturationAndScaling(micro, comparison, s_twoCores, new BenchSettings { Replicas = "catalog=2" })!;

        Assert.Contains("busy on 1.95 of its 2 cores, so throughput here is bought with CPU", text, StringComparison.Ordinal);
        Assert.Contains("predicts a capacity ratio of 0.50, close to the measured 0.55", text, StringComparison.Ordinal);
        // Replicas add up per service; the gateway is not a service.
        Assert.Contains("The busiest service was catalog (56 % of the services' CPU)", text, StringComparison.Ordinal);
        Assert.Contains("on 2 cores there were none to give", text, StringComparison.Ordinal);
        Assert.EndsWith("This bench ran with --replicas catalog=2.", text, StringComparison.Ordinal);

        var limited = ReadingWriter.SaturationAndScaling(micro, comparison, s_twoCores, new BenchSettings { Cpus = "catalog=0.5" })!;
        Assert.EndsWith("Its replicas ran with CPU limits (--cpus catalog=0.5), each in a cgroup of its own like a Kubernetes pod's: " +
            "a limited replica is throttled at its quota even while cores are idle.", limited, StringComparison.Ordinal);
    }

    [Fact]
    public void SaturationAndScaling_IdleCores_SaysTheLimitWasWaitingNotCpu()
    {
        var micro = Shape(ShapeNames.Microservices, new ShapeFigures
        {
            MachineBusyCoresPeak = 1.1,
            MachineBusyCoresMean = 0.9,
            CpuSecondsByProcess = new Dictionary<string, double> { ["catalog-1"] = 10, ["order-1"] = 40 },
        });

        var text = ReadingWriter.SaturationAndScaling(micro, new Comparison { CpuPerOrderRatio = 2, CapacityRatio = 0.9 }, s_twoCores, new BenchSettings())!;

        Assert.Contains("it had CPU to spare, so what limited the shop was waiting", text, StringComparison.Ordinal);
        Assert.DoesNotContain("predicts", text, StringComparison.Ordinal);
        Assert.Contains("with 1.1 cores idle on average there was room for it.", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.15, "is below that range: as expected with every process on 2 cores")]
    [InlineData(0.30, "is in the lower part of that range: as expected with every process on 2 cores")]
    [InlineData(0.62, "is in the middle of that range: the hops cost a visible but not a dominant share")]
    [InlineData(0.85, "is in the upper part of that range: most of the work per order")]
    [InlineData(0.97, "is above that range: most of the work per order")]
    public void PublishedRange_CapacityRatio_PlacesItAndSaysWhy(double ratio, string phrase)
    {
        var text = ReadingWriter.PublishedRange(new Comparison { CapacityRatio = ratio }, s_twoCores)!;

        Assert.StartsWith("Published comparisons range from 0.21 to 0.94; ours, ", text, StringComparison.Ordinal);
        Assert.Contains(phrase, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Invariants_OneBroken_NamesItWithShapeAndPhase()
    {
        var broken = new ShapeReport
        {
            Name = ShapeNames.Monolith,
            Invariants = [new InvariantReport { After = "capacity search", Checks = [new InvariantCheck("stock-conserved", "Stock conserved", false, "1 product")] }],
        };
        var fine = new ShapeReport
        {
            Name = ShapeNames.Microservices,
            Invariants = [new InvariantReport { After = "scenario", Checks = [new InvariantCheck("orders-final", "Orders final", true, "")] }],
        };

        Assert.StartsWith("Broken invariants: Stock conserved (monolith, after the capacity search).", ReadingWriter.Invariants([fine, broken]), StringComparison.Ordinal);
        Assert.StartsWith("Every invariant held in microservices:", ReadingWriter.Invariants([fine]), StringComparison.Ordinal);
        Assert.Null(ReadingWriter.Invariants([new ShapeReport { Name = "monolith" }]));
    }

    [Fact]
    public async Task Write_FixtureBench_ChoosesEveryParagraphFromTheFigures()
    {
        var report = await BenchFixtures.AssembleAsync();

        var paragraphs = ReadingWriter.Write(report);

        Assert.Equal(10, paragraphs.Count);
        Assert.Contains(paragraphs, p => p.StartsWith("Under the same arrival schedule: microservices did not keep up from 70 s to 84 s", StringComparison.Ordinal));
        Assert.Contains(paragraphs, p => p.Contains("microservices reach 0.67 of the monolith's capacity, which meets the goal", StringComparison.Ordinal));
        Assert.Contains(paragraphs, p => p.StartsWith("Published comparisons range from 0.21 to 0.94; ours, 0.67, is in the middle", StringComparison.Ordinal));
        Assert.Contains(paragraphs, p => p.StartsWith("The load generator reached 46,012 requests/s", StringComparison.Ordinal));
    }

    private static ShapeReport Shape(string name, ShapeFigures figures) => new() { Name = name, Figures = figures };

    private static (ShapeReport Micro, ShapeReport Mono, Comparison Comparison) Pair(ShapeFigures micro, ShapeFigures mono)
    {
        var m = Shape(ShapeNames.Microservices, micro);
        var o = Shape(ShapeNames.Monolith, mono);
        return (m, o, ComparisonCalculator.Compare(m, o, footprint: null)!);
    }
}

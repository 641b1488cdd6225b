namespace Shop.Bench.Report;

/// <summary>The names the bench gives its two shapes (the folders of a report and the --shape values).</summary>
public static class ShapeNames
{
    public const string Microservices = "microservices";
    public const string Monolith = "monolith";
}

public static class ComparisonCalculator
{
    public static Comparison? Compare(ShapeReport? microservices, ShapeReport? monolith, Footprint? footprint)
    {
        if (microservices is null || monolith is null)
        {
            return null;
        }
        var m = microservices.Figures;
        var o = monolith.Figures;
        var footprintMicro = footprint?.Shapes.GetValueOrDefault(ShapeNames.Microservices);
        var footprintMono = footprint?.Shapes.GetValueOrDefault(ShapeNames.Monolith);
        var bound = (m.CapacityIsLowerBound, o.CapacityIsLowerBound) switch
        {
            (true, false) => RatioBound.AtLeast,
            (false, true) => RatioBound.AtMost,
            _ => RatioBound.Exact,
        };
        return new Comparison
        {
            // Two lower bounds say nothing about their ratio.
            CapacityRatio = m.CapacityIsLowerBound && o.CapacityIsLowerBound ? null : Ratios.Of(m.CapacityRate, o.CapacityRate),
            CapacityRatioBound = bound,
            CheckoutP99Ratio = Ratios.Of(m.CheckoutP99Ms, o.CheckoutP99Ms),
            EqualLoad = EqualLoadOf(microservices, monolith),
            CpuPerOrderRatio = Ratios.Of(m.CpuSecondsPerThousandOrders, o.CpuSecondsPerThousandOrders),
            PeakMemoryRatio = Ratios.Of(m.PeakMemoryMiBShop, o.PeakMemoryMiBShop),
            IdleMemoryRatio = Ratios.Of(m.IdleMemoryMiBShop, o.IdleMemoryMiBShop),
            FootprintMemoryRatio = Ratios.Of(footprintMicro?.RssMiB, footprintMono?.RssMiB),
            StartToReadyRatio = Ratios.Of(footprintMicro?.StartToReadySeconds, footprintMono?.StartToReadySeconds),
            MessagesPerOrderRatio = Ratios.Of(m.MessagesPerOrder, o.MessagesPerOrder),
        };
    }

    /// <summary>
    /// The highest capacity-search rate both shapes ran: the one load at which both were measured the same way, so their
    /// checkout p99 can be set side by side.
    /// </summary>
    public static EqualLoad? EqualLoadOf(ShapeReport microservices, ShapeReport monolith)
    {
        var microSteps = microservices.Capacity?.Steps ?? [];
        var monoSteps = monolith.Capacity?.Steps ?? [];
        var common = microSteps
            .Where(a => monoSteps.Any(b => SameRate(a.Rate, b.Rate)))
            .OrderByDescending(a => a.Rate)
            .FirstOrDefault();
        if (common is null)
        {
            return null;
        }
        var other = monoSteps.First(b => SameRate(common.Rate, b.Rate));
        return new EqualLoad(common.Rate, common.CheckoutP99Ms, other.CheckoutP99Ms);
    }

    private static bool SameRate(double a, double b) => Math.Abs(a - b) <= 1e-6 * Math.Max(1, Math.Abs(a));
}

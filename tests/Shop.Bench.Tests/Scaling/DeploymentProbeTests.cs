using Shop.Bench.Sampling;
using Shop.Bench.Scaling;

namespace Shop.Bench.Tests.Scaling;

public sealed class DeploymentProbeTests
{
    private static readonly DateTimeOffset s_start = new(2026, 12, 7, 13, 0, 0, TimeSpan.Zero);

    [Fact]
    public void PeakBusyShare_QuietThenBusyFiveSeconds_IsTheBusyWindowsShare()
    {
        // Two cores: 2 s of machine time per second. Quiet for 10 s (10 % busy), then 95 % busy for 6 s.
        var samples = new List<ProcessSample>();
        double busy = 0, total = 0;
        for (var second = 0; second <= 16; second++)
        {
            samples.Add(new ProcessSample { At = s_start.AddSeconds(second), MachineBusySeconds = busy, MachineTotalSeconds = total });
            busy += second < 10 ? 0.2 : 1.9;
            total += 2;
        }

        Assert.Equal(0.95, DeploymentProbe.PeakBusyShare(samples, TimeSpan.FromSeconds(5)), 3);
    }

    [Fact]
    public void BusyShareBetween_TheCapacityStepBeforeAnOverloadedOne_IsThatStepsShareNotThePeak()
    {
        // Two cores. 50 % busy for 12 s (the passing step), then 100 % for 12 s (the failing step above it).
        var samples = new List<ProcessSample>();
        double busy = 0, total = 0;
        for (var second = 0; second <= 24; second++)
        {
            samples.Add(new ProcessSample { At = s_start.AddSeconds(second), MachineBusySeconds = busy, MachineTotalSeconds = total });
            busy += second < 12 ? 1 : 2;
            total += 2;
        }

        Assert.Equal(0.5, DeploymentProbe.BusyShareBetween(samples, s_start, s_start.AddSeconds(12)));
        Assert.Equal(1, DeploymentProbe.PeakBusyShare(samples, TimeSpan.FromSeconds(5)), 3);
    }

    [Fact]
    public void BusyShareBetween_FewerThanTwoSamplesInside_IsUnknown() =>
        Assert.Null(DeploymentProbe.BusyShareBetween([new ProcessSample { At = s_start }, new ProcessSample { At = s_start.AddSeconds(10) }], s_start.AddSeconds(1), s_start.AddSeconds(9)));

    [Fact]
    public void PeakBusyShare_OneSample_IsZero() =>
        Assert.Equal(0, DeploymentProbe.PeakBusyShare([new ProcessSample { At = s_start }], TimeSpan.FromSeconds(5)));

    [Fact]
    public void Bottleneck_TheHostThrottledInTheLargestShareOfItsReplicasPeriods()
    {
        var probed = new ProbeResult(
            [
                new ReplicaThrottling("catalog-1", "catalog", 100, 60, 0.25),
                new ReplicaThrottling("catalog-2", "catalog", 100, 20, 0.2),
                new ReplicaThrottling("order-1", "order", 100, 45, 0.25),
                new ReplicaThrottling("cart-1", "cart", 0, 0, 0),
            ],
            900, 0.4, 0.7);

        // catalog: 80 of 200 periods (40 %); order 45 %.
        Assert.Equal("order", probed.Bottleneck);
    }

    [Fact]
    public void Bottleneck_NoneThrottledInFivePercentOfPeriods_IsNone() =>
        Assert.Null(new ProbeResult([new ReplicaThrottling("monolith-1", "monolith", 100, 4, 0.2)], 400, 0.1, 0.5).Bottleneck);
}

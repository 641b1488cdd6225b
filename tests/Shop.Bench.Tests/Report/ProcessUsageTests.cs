using Shop.Bench.Report;
using Shop.Bench.Sampling;

namespace Shop.Bench.Tests.Report;

public sealed class ProcessUsageTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void CpuSeconds_WindowCuttingIntervals_ProratesTheIntervalsAtItsEdges()
    {
        // 1 CPU-second per sample interval of 1 s (one core busy).
        var usage = new ProcessUsage([Sample(0, ("order-1", 7, 10.0)), Sample(1, ("order-1", 7, 11.0)), Sample(2, ("order-1", 7, 12.0)), Sample(3, ("order-1", 7, 13.0))]);

        Assert.Equal(3, usage.CpuSeconds("order-1", s_t0, s_t0.AddSeconds(3)), 9);
        Assert.Equal(1, usage.CpuSeconds("order-1", s_t0.AddSeconds(0.5), s_t0.AddSeconds(1.5)), 9);
        Assert.Equal(0, usage.CpuSeconds("catalog-1", s_t0, s_t0.AddSeconds(3)));
    }

    [Fact]
    public void CpuSeconds_ProcessRestartedWithANewPid_CountsWhatTheNewProcessUsedSinceItStarted()
    {
        var usage = new ProcessUsage([Sample(0, ("order-1", 7, 50.0)), Sample(1, ("order-1", 8, 0.5)), Sample(2, ("order-1", 8, 1.5))]);

        Assert.Equal(1.5, usage.CpuSeconds("order-1", s_t0, s_t0.AddSeconds(2)), 9);
    }

    [Fact]
    public void CoresOverTime_OneSecondIntervals_GivesCoresAtTheEndOfEachInterval()
    {
        var usage = new ProcessUsage([Sample(0, ("gateway", 1, 0.0)), Sample(1, ("gateway", 1, 0.5)), Sample(3, ("gateway", 1, 2.5))]);

        Assert.Equal([new Point(1, 0.5), new Point(3, 1.0)], usage.CoresOverTime("gateway", s_t0));
    }

    [Fact]
    public void MemoryMiBOverTime_TreeWithOccasionalPss_UsesTheLastPssAndRssForSingleProcesses()
    {
        const long mib = 1024 * 1024;
        var usage = new ProcessUsage(
        [
            new ProcessSample { At = s_t0, Processes = [Reading("postgres", 1, 0, 900 * mib, pss: 200 * mib, count: 12), Reading("gateway", 2, 0, 100 * mib)] },
            new ProcessSample { At = s_t0.AddSeconds(1), Processes = [Reading("postgres", 1, 0, 950 * mib, pss: null, count: 13), Reading("gateway", 2, 0, 110 * mib)] },
        ]);

        Assert.Equal([200.0, 200.0], usage.MemoryMiBOverTime("postgres", s_t0).Select(p => p.Y));
        Assert.Equal([100.0, 110.0], usage.MemoryMiBOverTime("gateway", s_t0).Select(p => p.Y));
        Assert.True(usage.IsTree("postgres"));
        Assert.False(usage.IsTree("gateway"));
        Assert.Equal([300.0, 310.0], usage.TotalMemoryMiB(_ => true, s_t0, s_t0.AddSeconds(1)));
    }

    [Fact]
    public void MachineBusySeconds_Window_AddsTheMachinesBusyTimeProrated()
    {
        var usage = new ProcessUsage(
        [
            new ProcessSample { At = s_t0, MachineBusySeconds = 100, MachineTotalSeconds = 400 },
            new ProcessSample { At = s_t0.AddSeconds(1), MachineBusySeconds = 101.5, MachineTotalSeconds = 402 },
            new ProcessSample { At = s_t0.AddSeconds(2), MachineBusySeconds = 103.5, MachineTotalSeconds = 404 },
        ]);

        Assert.Equal(3.5, usage.MachineBusySeconds(s_t0, s_t0.AddSeconds(2)), 9);
        Assert.Equal([1.5, 2.0], usage.MachineBusyCoresOverTime(s_t0).Select(p => p.Y));
    }

    [Fact]
    public async Task ReadAsync_LastLineCutOff_KeepsEveryCompleteSample()
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, "{\"at\":\"2026-11-26T10:00:00Z\",\"processes\":[]}\n\n{\"at\":\"2026-11-26T10:00:01Z\",\"processes\":[]}\n{\"at\":\"2026-11-26T10:00:0");

            var usage = await ProcessUsage.ReadAsync(path, CancellationToken.None);

            Assert.Equal(2, usage.Samples.Count);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static ProcessSample Sample(double second, params (string Name, int Pid, double Cpu)[] processes) => new()
    {
        At = s_t0.AddSeconds(second),
        Processes = processes.Select(p => Reading(p.Name, p.Pid, p.Cpu, 1)).ToList(),
    };

    private static ProcessReading Reading(string name, int pid, double cpu, long rss, long? pss = null, int count = 1) => new()
    {
        Name = name,
        Role = ProcessRoles.Of(name),
        Pid = pid,
        ProcessCount = count,
        CpuSeconds = cpu,
        RssBytes = rss,
        PssBytes = pss,
    };
}

using Shop.Bench.Sampling;

namespace Shop.Bench.Tests.Sampling;

public sealed class ProcessTreeTests
{
    private const long PageSize = 4096;

    [Fact]
    public void Readings_RootWithDescendants_AddsTheTreeIncludingEndedChildren()
    {
        ProcessStat[] processes =
        [
            new(100, "postgres", 1, CpuTicks: 200, ChildCpuTicks: 500, RssPages: 1000),
            new(101, "postgres", 100, CpuTicks: 50, ChildCpuTicks: 0, RssPages: 300),
            new(102, "postgres", 101, CpuTicks: 25, ChildCpuTicks: 0, RssPages: 100),
            new(200, "bash", 1, CpuTicks: 999, ChildCpuTicks: 0, RssPages: 1),
        ];

        var reading = Assert.Single(ProcessTree.Readings(processes, [new WatchedProcess("postgres", 100)], PageSize, _ => 1024));

        Assert.Equal(3, reading.ProcessCount);
        Assert.Equal((200 + 500 + 50 + 25) / ProcFileSystem.TicksPerSecond, reading.CpuSeconds);
        Assert.Equal(1400 * PageSize, reading.RssBytes);
        Assert.Equal(3 * 1024, reading.PssBytes);
        Assert.Equal(ProcessRole.Server, reading.Role);
    }

    [Fact]
    public void Readings_WatchedProcessUnderAnotherWatchedOne_CountsItOnlyUnderItsOwnName()
    {
        // The load generator runs under the bench's shell, which is not watched; here the sampler's parent is.
        ProcessStat[] processes =
        [
            new(10, "dotnet", 1, CpuTicks: 100, ChildCpuTicks: 0, RssPages: 10),
            new(11, "dotnet", 10, CpuTicks: 40, ChildCpuTicks: 0, RssPages: 5),
        ];

        var readings = ProcessTree.Readings(processes, [new WatchedProcess("gateway", 10), new WatchedProcess("loadgen", 11)], PageSize, _ => null);

        Assert.Equal([1.0, 0.4], readings.Select(r => r.CpuSeconds));
        Assert.All(readings, r => Assert.Equal(1, r.ProcessCount));
    }

    [Fact]
    public void Readings_PssUnknownForAMember_LeavesTheTreesPssUnknown()
    {
        ProcessStat[] processes = [new(1, "a", 0, 1, 0, 1), new(2, "b", 1, 1, 0, 1)];

        var reading = Assert.Single(ProcessTree.Readings(processes, [new WatchedProcess("rabbitmq", 1)], PageSize, pid => pid == 1 ? 10 : null));

        Assert.Null(reading.PssBytes);
    }

    [Fact]
    public void Readings_WatchedPidGone_IsLeftOut()
    {
        Assert.Empty(ProcessTree.Readings([new ProcessStat(1, "a", 0, 1, 0, 1)], [new WatchedProcess("catalog-1", 99)], PageSize, _ => null));
    }
}

using Shop.Bench.Sampling;

namespace Shop.Bench.Tests.Sampling;

public sealed class ProcFileSystemTests
{
    [Fact]
    public void ParseStat_CommandWithSpacesAndParentheses_ReadsTheFieldsAfterTheLastParenthesis()
    {
        const string line = "4242 (Web (Content) 1) S 17 4242 17 0 -1 4194560 5000 0 0 0 310 45 12 3 20 0 31 0 98765 2915000000 51234 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0";

        var stat = ProcFileSystem.ParseStat(line)!;

        Assert.Equal(new ProcessStat(4242, "Web (Content) 1", ParentPid: 17, CpuTicks: 355, ChildCpuTicks: 15, RssPages: 51234), stat);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("12 (short) S 1 2 3")]
    public void ParseStat_NotAStatLine_ReturnsNull(string line) => Assert.Null(ProcFileSystem.ParseStat(line));

    [Fact]
    public void ParseStat_ThisProcess_HasItsOwnPidAndMemory()
    {
        var stat = ProcFileSystem.ParseStat(File.ReadAllText("/proc/self/stat"))!;

        Assert.Equal(Environment.ProcessId, stat.Pid);
        Assert.True(stat.RssPages > 0);
    }

    [Fact]
    public void ParseMachineCpu_AggregateLine_CountsIdleAndIowaitAsNotBusyAndIgnoresGuestTime()
    {
        // user nice system idle iowait irq softirq steal guest guest_nice
        var cpu = ProcFileSystem.ParseMachineCpu("cpu  796752 14 207202 1687187 2650 0 31444 157 900 0")!;

        Assert.Equal(796752 + 14 + 207202 + 31444 + 157, cpu.BusyTicks);
        Assert.Equal(796752 + 14 + 207202 + 1687187 + 2650 + 31444 + 157, cpu.TotalTicks);
        Assert.Null(ProcFileSystem.ParseMachineCpu("cpu0 1 2 3 4 5"));
    }

    [Fact]
    public void ParsePssBytes_SmapsRollup_ReadsThePssLineInKilobytes()
    {
        const string rollup = "5637870b7000-7ffe7f3fa000 ---p 00000000 00:00 0  [rollup]\nRss:                1696 kB\nPss:                 238 kB\nPss_Dirty:           116 kB\n";

        Assert.Equal(238 * 1024, ProcFileSystem.ParsePssBytes(rollup));
        Assert.Null(ProcFileSystem.ParsePssBytes("Rss: 1 kB\n"));
    }

    [Theory]
    [InlineData("31074\n/work/main/.shop/postgres/data\n1795685000\n15432\n", 31074)]
    [InlineData("512\n", 512)]
    [InlineData("", null)]
    [InlineData("-1", null)]
    [InlineData("abc", null)]
    public void ParsePidFile_PidFiles_ReadTheFirstLine(string content, int? pid) => Assert.Equal(pid, ProcFileSystem.ParsePidFile(content));

    [Fact]
    public void ParseVmRssKiB_StatusFile_ReadsTheResidentSetInKiB()
    {
        const string status = "Name:\tdotnet\nVmPeak:\t 3312000 kB\nVmRSS:\t  150032 kB\nRssAnon:\t  100000 kB\n";

        Assert.Equal(150032, ProcFileSystem.ParseVmRssKiB(status));
        Assert.Null(ProcFileSystem.ParseVmRssKiB("Name:\tkthreadd\n"));
        Assert.True(ProcFileSystem.ParseVmRssKiB(File.ReadAllText("/proc/self/status")) > 0);
    }
}

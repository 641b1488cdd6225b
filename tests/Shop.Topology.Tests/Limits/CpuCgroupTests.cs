using System.Diagnostics;
using Shop.Topology.Limits;

namespace Shop.Topology.Tests.Limits;

/// <summary>
/// CPU limits in this machine's real cgroups (v1 or v2, as mounted; the tests run as root): a busy process limited to a
/// quarter of a core gets a quarter of a core and is throttled, it is inside from its first instruction, and its cgroup
/// goes only once it has ended.
/// </summary>
public sealed class CpuCgroupTests : IDisposable
{
    private readonly CgroupScope _scope = CgroupScope.Named("topology-test-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly CpuCgroups _cgroups = CpuCgroups.Detect();
    private readonly List<Process> _processes = [];

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit();
            }
            process.Dispose();
        }
        _cgroups.RemoveScope(_scope);
    }

    [Fact]
    public async Task Create_SpinLoopLimitedToAQuarterCore_GetsAboutAQuarterAndIsThrottled()
    {
        var cgroup = _cgroups.Create(_scope, "spin-1", CpuLimit.Parse("0.25"));
        var spin = Start(cgroup, "while :; do :; done");
        await Task.Delay(TimeSpan.FromSeconds(1));

        var before = cgroup.ReadStat();
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(6));
        var after = cgroup.ReadStat();
        var elapsed = clock.Elapsed;

        Assert.Contains(spin.Id, cgroup.ProcessIds());
        // The usage counter where there is one; otherwise the process's own CPU time, which is all the cgroup holds.
        var used = after.Usage is { } usage && before.Usage is { } start ? usage - start : TimeSpan.Zero;
        if (after.Usage is null)
        {
            spin.Refresh();
            used = spin.TotalProcessorTime;
            elapsed += TimeSpan.FromSeconds(1);
        }
        var cores = used / elapsed;
        Assert.InRange(cores, 0.15, 0.35);
        Assert.True(after.ThrottledPeriods - before.ThrottledPeriods >= 20,
            $"throttled in {after.ThrottledPeriods - before.ThrottledPeriods} of {after.Periods - before.Periods} periods");
        Assert.True(after.ThrottledTime > before.ThrottledTime);
        Assert.Equal(new CpuLimit(250), cgroup.Limit);
    }

    [Fact]
    public async Task Launcher_CommandRunsInsideFromItsFirstInstruction()
    {
        var cgroup = _cgroups.Create(_scope, "first-1", CpuLimit.Parse("0.5"));

        var process = Start(cgroup, "cat /proc/self/cgroup");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(0, process.ExitCode);
        // The process's own view of its cgroups names the one made for it (v1: the cpu line; v2: the one line).
        var relative = "/" + Path.GetRelativePath(_cgroups.CpuHierarchy, cgroup.Folder);
        Assert.Contains(output.Split('\n'), line => line.EndsWith(":" + relative, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Remove_WhileItsProcessRuns_RefusesAndRemovesItOnceItEnded()
    {
        var cgroup = _cgroups.Create(_scope, "sleep-1", CpuLimit.Parse("0.1"));
        var sleeper = Start(cgroup, "exec sleep 60");
        await Eventually.HoldsAsync(() => cgroup.ProcessIds().Contains(sleeper.Id), "the sleeper is in its cgroup", TimeSpan.FromSeconds(5));

        var failure = Assert.Throws<CgroupException>(() => cgroup.Remove(TimeSpan.Zero));
        Assert.Contains($"still holds pid {sleeper.Id}", failure.Message, StringComparison.Ordinal);
        Assert.True(cgroup.Exists);

        sleeper.Kill();
        await sleeper.WaitForExitAsync();
        cgroup.Remove(TimeSpan.FromSeconds(5));

        Assert.False(cgroup.Exists);
        Assert.All(cgroup.ProcsFiles, file => Assert.False(Directory.Exists(Path.GetDirectoryName(file))));
        Assert.Empty(_cgroups.InScope(_scope));
    }

    [Fact]
    public void Create_OverACgroupLeftByAnEndedProcess_StartsItsCountersAtZero()
    {
        var first = _cgroups.Create(_scope, "again-1", CpuLimit.Parse("0.2"));
        Start(first, "i=0; while [ $i -lt 50000 ]; do i=$((i+1)); done").WaitForExit();
        Assert.True(first.ReadStat().Periods > 0);

        var second = _cgroups.Create(_scope, "again-1", CpuLimit.Parse("0.3"));

        Assert.Equal(0, second.ReadStat().Periods);
        Assert.Equal(new CpuLimit(300), second.Limit);
    }

    private Process Start(CpuCgroup cgroup, string script)
    {
        var info = new ProcessStartInfo(cgroup.Launcher[0]) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var word in cgroup.Launcher.Skip(1).Concat(["/bin/sh", "-c", script]))
        {
            info.ArgumentList.Add(word);
        }
        var process = Process.Start(info)!;
        _processes.Add(process);
        return process;
    }
}

using System.Diagnostics;
using Shop.Topology.Limits;
using Shop.Topology.Local;
using Shop.Topology.Planning;

namespace Shop.Topology.Tests.Local;

/// <summary>
/// What a launcher learns when a process of its own dies: a host that ends without a test stopping it is recorded, in
/// <see cref="HostProcess.UnexpectedExit"/> and beside its log for <c>./shop test</c> to print; a host a test kills is not.
/// </summary>
public sealed class HostProcessTests : IDisposable
{
    private const string PlainProject = "tools/Shop.PlainKestrel";
    private readonly string _logs = Path.Combine(Path.GetTempPath(), "shop-host-process-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_logs))
        {
            Directory.Delete(_logs, recursive: true);
        }
    }

    [Fact]
    public async Task Start_HostThatCannotStart_RecordsItsExitBesideItsLog()
    {
        var log = Path.Combine(_logs, "catalog-1.log");
        // No signing key and no database configured: the catalog refuses to start.
        await using var host = HostProcess.Start("catalog-1", RepositoryLayout.HostDll(ShopTopology.Catalog.Project), FreePort.Next(), new Dictionary<string, string>(), log);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => host.WaitUntilReadyAsync(TimeSpan.FromSeconds(60)));

        Assert.Contains("exited with", failure.Message, StringComparison.Ordinal);
        await Eventually.HoldsAsync(() => host.UnexpectedExit is not null, "the exit is recorded", TimeSpan.FromSeconds(10));
        Assert.StartsWith("catalog-1 (pid ", host.UnexpectedExit, StringComparison.Ordinal);
        Assert.Equal(host.UnexpectedExit + Environment.NewLine, await File.ReadAllTextAsync(log + HostProcess.UnexpectedExitSuffix));
        Assert.Contains("started catalog-1", await File.ReadAllTextAsync(log), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exit_KilledFromOutsideTheTest_IsUnexpectedWithItsSignal()
    {
        var log = Path.Combine(_logs, "plain-1.log");
        await using var host = HostProcess.Start("plain-1", RepositoryLayout.HostDll(PlainProject), FreePort.Next(), new Dictionary<string, string>(), log);
        await host.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));

        using (var process = Process.GetProcessById(host.ProcessId))
        {
            process.Kill();
        }

        await Eventually.HoldsAsync(() => host.UnexpectedExit is not null, "the exit is recorded", TimeSpan.FromSeconds(10));
        Assert.Contains("exited by itself with code 137", host.UnexpectedExit, StringComparison.Ordinal);
        Assert.True(File.Exists(log + HostProcess.UnexpectedExitSuffix));
    }

    [Fact]
    public async Task KillAsync_ByTheTest_IsNotUnexpected()
    {
        var log = Path.Combine(_logs, "plain-2.log");
        await using var host = HostProcess.Start("plain-2", RepositoryLayout.HostDll(PlainProject), FreePort.Next(), new Dictionary<string, string>(), log);
        await host.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));

        await host.KillAsync();

        Assert.True(host.HasExited);
        Assert.Null(host.UnexpectedExit);
        Assert.False(File.Exists(log + HostProcess.UnexpectedExitSuffix));
    }

    [Fact]
    public async Task Start_PlannedProcessWithACpuLimit_RunsInItsCgroupFromTheStartUntilDisposed()
    {
        var scope = CgroupScope.Named("host-process-test-" + Guid.NewGuid().ToString("N")[..12]);
        var planned = new PlannedProcess("plain-3", ShopTopology.Gateway, 1, FreePort.Next(), null, []) { CpuLimit = CpuLimit.Parse("0.5") };
        CpuCgroup cgroup;
        await using (var host = HostProcess.Start(planned, RepositoryLayout.HostDll(PlainProject), Path.Combine(_logs, "plain-3.log"), scope))
        {
            await host.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
            cgroup = host.Cgroup!;

            Assert.Equal([host.ProcessId], cgroup.ProcessIds());
            Assert.Equal(new CpuLimit(500), cgroup.Limit);
            using var process = Process.GetProcessById(host.ProcessId);
            // Everything the runtime spent starting up was counted in the cgroup: it was inside before dotnet began.
            if (cgroup.ReadStat().Usage is { } usage)
            {
                Assert.True(usage >= process.TotalProcessorTime * 0.9, $"cgroup {usage}, process {process.TotalProcessorTime}");
            }
        }

        Assert.False(cgroup.Exists);
    }

    [Fact]
    public void Start_PlannedLimitWithoutAScope_IsRefused()
    {
        var planned = new PlannedProcess("plain-4", ShopTopology.Gateway, 1, FreePort.Next(), null, []) { CpuLimit = CpuLimit.Parse("0.5") };

        var failure = Assert.Throws<ArgumentException>(() => HostProcess.Start(planned, RepositoryLayout.HostDll(PlainProject)));

        Assert.StartsWith("plain-4 has a CPU limit of 0.5 cores", failure.Message, StringComparison.Ordinal);
    }
}

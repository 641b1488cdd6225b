using Shop.Topology.Limits;

namespace Shop.Topology.Tests.Limits;

/// <summary>
/// Which hierarchy holds the cpu controller and what its files say, on captured files: this machine's cgroup v1 beside an
/// empty unified hierarchy, a pure cgroup v2 machine, v1 with cpu and cpuacct mounted together, and none at all.
/// </summary>
public sealed class CgroupFilesTests : IDisposable
{
    private readonly string _copy = Path.Combine(Path.GetTempPath(), "shop-cgroup-fixture-" + Guid.NewGuid().ToString("N"));

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Limits", "Fixtures", name);

    public void Dispose()
    {
        if (Directory.Exists(_copy))
        {
            Directory.Delete(_copy, recursive: true);
        }
    }

    [Fact]
    public void Detect_V1BesideAnEmptyUnifiedHierarchy_UsesTheCpuMountAndCpuacctApart()
    {
        var root = Fixture("v1-hybrid");

        var cgroups = CpuCgroups.Detect(root);

        Assert.Equal(CgroupVersion.V1, cgroups.Version);
        Assert.Equal(Path.Join(root, "/sys/fs/cgroup/cpu"), cgroups.CpuHierarchy);
        Assert.Equal(Path.Join(root, "/sys/fs/cgroup/cpuacct"), cgroups.UsageHierarchy);
    }

    [Fact]
    public void Detect_V1WithCpuAndCpuacctTogether_CountsUsageInTheSameCgroup()
    {
        var root = Fixture("v1-comounted");

        var cgroups = CpuCgroups.Detect(root);

        Assert.Equal(CgroupVersion.V1, cgroups.Version);
        Assert.Equal(Path.Join(root, "/sys/fs/cgroup/cpu,cpuacct"), cgroups.CpuHierarchy);
        Assert.Equal(cgroups.CpuHierarchy, cgroups.UsageHierarchy);
        Assert.Single(cgroups.Cgroup(CgroupScope.Named("s"), "catalog-1").ProcsFiles);
    }

    [Fact]
    public void Detect_V2WithTheCpuController_UsesTheUnifiedHierarchy()
    {
        var root = Fixture("v2");

        var cgroups = CpuCgroups.Detect(root);

        Assert.Equal(CgroupVersion.V2, cgroups.Version);
        Assert.Equal(Path.Join(root, "/sys/fs/cgroup"), cgroups.CpuHierarchy);
        Assert.Equal("cgroup v2: cpu controller at " + cgroups.CpuHierarchy, cgroups.Description);
    }

    [Fact]
    public void Detect_NoCpuController_SaysWhatIsMounted()
    {
        var failure = Assert.Throws<CgroupException>(() => CpuCgroups.Detect(Fixture("no-cpu")));

        Assert.StartsWith("no cgroup cpu controller is available", failure.Message, StringComparison.Ordinal);
        Assert.Contains("mounted: /sys/fs/cgroup (cgroup2)", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_V2_EnablesCpuForEveryAncestorAndWritesCpuMax()
    {
        CopyFixture("v2");
        var cgroups = CpuCgroups.Detect(_copy);
        var scope = CgroupScope.Named("shop-test");

        var cgroup = cgroups.Create(scope, "catalog-1", CpuLimit.Parse("0.25"));

        var hierarchy = cgroups.CpuHierarchy;
        Assert.Equal(Path.Combine(hierarchy, "shop", "shop-test", "catalog-1"), cgroup.Folder);
        Assert.Equal("+cpu", File.ReadAllText(Path.Combine(hierarchy, "cgroup.subtree_control")));
        Assert.Equal("+cpu", File.ReadAllText(Path.Combine(hierarchy, "shop", "cgroup.subtree_control")));
        Assert.Equal("+cpu", File.ReadAllText(Path.Combine(hierarchy, "shop", "shop-test", "cgroup.subtree_control")));
        Assert.Equal("25000 100000", File.ReadAllText(Path.Combine(cgroup.Folder, "cpu.max")));
        Assert.Equal(new CpuLimit(250), cgroup.Limit);
        Assert.Equal([Path.Combine(cgroup.Folder, "cgroup.procs")], cgroup.ProcsFiles);
        Assert.Equal(cgroup.Folder, Assert.Single(cgroups.InScope(scope)).Folder);
    }

    [Fact]
    public void Create_V1WithCpuacctApart_MakesTheCgroupInBothAndWritesTheQuota()
    {
        CopyFixture("v1-hybrid");
        var cgroups = CpuCgroups.Detect(_copy);

        var cgroup = cgroups.Create(CgroupScope.Named("shop-test"), "order-2", CpuLimit.Parse("1.5"));

        Assert.Equal("100000", File.ReadAllText(Path.Combine(cgroup.Folder, "cpu.cfs_period_us")));
        Assert.Equal("150000", File.ReadAllText(Path.Combine(cgroup.Folder, "cpu.cfs_quota_us")));
        Assert.Equal(Path.Combine(cgroups.UsageHierarchy!, "shop", "shop-test", "order-2"), cgroup.UsageFolder);
        Assert.True(Directory.Exists(cgroup.UsageFolder));
        Assert.Equal([Path.Combine(cgroup.Folder, "cgroup.procs"), Path.Combine(cgroup.UsageFolder!, "cgroup.procs")], cgroup.ProcsFiles);
        Assert.Equal(["/bin/sh", "-c"], cgroup.Launcher.Take(2));
        Assert.Equal(["shop-cgroup", .. cgroup.ProcsFiles, "--"], cgroup.Launcher.Skip(3));
    }

    [Fact]
    public void ParseV1Stat_CapturedFiles_ReadsThrottlingAndUsage()
    {
        var stat = CgroupFiles.ParseV1Stat(File.ReadAllText(Fixture("stat/v1-cpu.stat")), File.ReadAllText(Fixture("stat/v1-cpuacct.usage")));

        Assert.Equal(26, stat.Periods);
        Assert.Equal(25, stat.ThrottledPeriods);
        Assert.Equal(TimeSpan.FromTicks(17_201_441), stat.ThrottledTime);
        Assert.Equal(TimeSpan.FromTicks(6_380_264), stat.Usage);
        Assert.Equal("throttled 96 % of periods", stat.Summary);
    }

    [Fact]
    public void ParseV1Stat_NoCpuacct_HasNoUsage()
    {
        var stat = CgroupFiles.ParseV1Stat(File.ReadAllText(Fixture("stat/v1-cpu.stat")), cpuacctUsage: null);

        Assert.Null(stat.Usage);
        Assert.Equal(25, stat.ThrottledPeriods);
    }

    [Fact]
    public void ParseV2Stat_CapturedFile_ReadsMicroseconds()
    {
        var stat = CgroupFiles.ParseV2Stat(File.ReadAllText(Fixture("stat/v2-cpu.stat")));

        Assert.Equal((62, 60), (stat.Periods, stat.ThrottledPeriods));
        Assert.Equal(TimeSpan.FromMicroseconds(4_519_204), stat.ThrottledTime);
        Assert.Equal(TimeSpan.FromMicroseconds(1_563_249), stat.Usage);
    }

    [Fact]
    public void Summary_NeverRun_SaysSo()
    {
        Assert.Equal("not run yet", new CpuStat(0, 0, TimeSpan.Zero, TimeSpan.Zero).Summary);
        Assert.Null(new CpuStat(0, 0, TimeSpan.Zero, null).ThrottledShare);
    }

    [Fact]
    public void ParseCpuMax_QuotaOrMax_IsTheLimitOrNone()
    {
        Assert.Equal(new CpuLimit(250), CgroupFiles.ParseCpuMax(File.ReadAllText(Fixture("stat/v2-cpu.max"))));
        Assert.Null(CgroupFiles.ParseCpuMax(File.ReadAllText(Fixture("stat/v2-unlimited-cpu.max"))));
        Assert.Null(CgroupFiles.ParseV1Quota("-1\n", "100000\n"));
        Assert.Equal(new CpuLimit(300), CgroupFiles.ParseV1Quota("30000\n", "100000\n"));
    }

    [Fact]
    public void ParseMounts_EscapedMountPoint_IsDecoded()
    {
        var mounts = CgroupFiles.ParseMounts("cgroup /sys/fs/cgroup/my\\040cpu cgroup rw,cpu 0 0\n");

        var mount = Assert.Single(mounts);
        Assert.Equal("/sys/fs/cgroup/my cpu", mount.MountPoint);
        Assert.Equal(["rw", "cpu"], mount.Options);
    }

    [Fact]
    public void ParseProcs_OnePidALine()
    {
        Assert.Equal([12, 345], CgroupFiles.ParseProcs("12\n345\n"));
        Assert.Empty(CgroupFiles.ParseProcs(""));
    }

    private void CopyFixture(string name)
    {
        var source = Fixture(name);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(_copy, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        // The mount points the fixture's mounts name, as empty folders (git keeps no empty folder).
        foreach (var mount in CgroupFiles.ParseMounts(File.ReadAllText(Path.Combine(source, "proc", "self", "mounts"))))
        {
            Directory.CreateDirectory(Path.Join(_copy, mount.MountPoint));
        }
    }
}

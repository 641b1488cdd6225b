using System.Globalization;

namespace Shop.Topology.Limits;

/// <summary>
/// The cgroup of one limited process: its quota, the processes in it, its throttling and usage counters. A process enters
/// it from its first instruction by starting through <see cref="Launcher"/>, so not even its start-up escapes the limit.
/// </summary>
public sealed class CpuCgroup
{
    /// <summary>
    /// Writes the shell's own pid into every procs file named before <c>--</c>, then becomes the command after it (exec
    /// keeps the pid, and the cgroup with it). A write that fails ends it: a process must not run unlimited by mistake.
    /// </summary>
    private const string EnterScript = "while [ \"$1\" != -- ]; do echo $$ >\"$1\" || exit 125; shift; done; shift; exec \"$@\"";

    /// <summary>The least time <see cref="Remove"/> waits for the kernel to let go of a cgroup whose last process just ended.</summary>
    private static readonly TimeSpan s_releaseTime = TimeSpan.FromSeconds(2);

    private readonly CpuCgroups _hierarchy;

    internal CpuCgroup(CpuCgroups hierarchy, CgroupScope scope, string name)
    {
        _hierarchy = hierarchy;
        Scope = scope;
        Name = name;
        Folder = Path.Combine(CpuCgroups.ScopeFolder(hierarchy.CpuHierarchy, scope), name);
        UsageFolder = hierarchy.UsageHierarchy is { } usage ? Path.Combine(CpuCgroups.ScopeFolder(usage, scope), name) : null;
    }

    /// <summary>The process's name: catalog-1, gateway.</summary>
    public string Name { get; }

    public CgroupScope Scope { get; }

    public CgroupVersion Version => _hierarchy.Version;

    /// <summary>The cgroup in the hierarchy of the cpu controller.</summary>
    public string Folder { get; }

    /// <summary>Where its usage is counted: <see cref="Folder"/>, or under cgroup v1 its twin in the cpuacct hierarchy.</summary>
    public string? UsageFolder { get; }

    /// <summary>The cgroup.procs files a process writes its pid into to enter: one, or two under v1 with cpuacct apart.</summary>
    public IReadOnlyList<string> ProcsFiles => [.. Folders.Select(folder => Path.Combine(folder, "cgroup.procs"))];

    public bool Exists => Directory.Exists(Folder);

    /// <summary>
    /// What to put before a command so that it runs in this cgroup from its first instruction:
    /// <c>/bin/sh -c '…' shop-cgroup &lt;procs files&gt; --</c>. deploy/local/services.sh gets it from
    /// <c>Shop.Topology cgroup create</c>, <see cref="Local.HostProcess"/> from here.
    /// </summary>
    public IReadOnlyList<string> Launcher => ["/bin/sh", "-c", EnterScript, "shop-cgroup", .. ProcsFiles, "--"];

    /// <summary>The quota the cgroup enforces now; null for none (or when it is gone).</summary>
    public CpuLimit? Limit
    {
        get
        {
            if (Version == CgroupVersion.V2)
            {
                return Read("cpu.max") is { } max ? CgroupFiles.ParseCpuMax(max) : null;
            }
            return Read("cpu.cfs_quota_us") is { } quota && Read("cpu.cfs_period_us") is { } period ? CgroupFiles.ParseV1Quota(quota, period) : null;
        }
    }

    internal IReadOnlyList<string> Folders => UsageFolder is null || UsageFolder == Folder ? [Folder] : [Folder, UsageFolder];

    /// <summary>The pids in it now.</summary>
    public IReadOnlyList<int> ProcessIds() => Read("cgroup.procs") is { } procs ? CgroupFiles.ParseProcs(procs) : [];

    /// <summary>Its counters now.</summary>
    /// <exception cref="CgroupException">The cgroup does not exist (any more).</exception>
    public CpuStat ReadStat()
    {
        var cpuStat = Read("cpu.stat") ?? throw new CgroupException($"no cgroup {Folder}: the process '{Name}' has no CPU limit (or has ended)");
        if (Version == CgroupVersion.V2)
        {
            return CgroupFiles.ParseV2Stat(cpuStat);
        }
        var usage = UsageFolder is null ? null : ReadFile(Path.Combine(UsageFolder, "cpuacct.usage"));
        return CgroupFiles.ParseV1Stat(cpuStat, usage);
    }

    /// <summary>Removes the cgroup once its processes are gone; a cgroup that does not exist is removed already.</summary>
    /// <param name="wait">How long to wait for its processes to end.</param>
    /// <exception cref="CgroupException">A process is still in it after <paramref name="wait"/>.</exception>
    public void Remove(TimeSpan wait)
    {
        _hierarchy.RequireRoot();
        var deadline = DateTime.UtcNow + wait;
        var pids = ProcessIds();
        while (pids.Count > 0 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
            pids = ProcessIds();
        }
        if (pids.Count > 0)
        {
            throw new CgroupException(string.Create(CultureInfo.InvariantCulture,
                $"the cgroup of {Name} ({Folder}) still holds pid {string.Join(", ", pids)}: stop it first"));
        }
        // An ended process leaves its cgroup a moment after it leaves cgroup.procs; until then rmdir says busy.
        var released = DateTime.UtcNow + (wait > s_releaseTime ? wait : s_releaseTime);
        foreach (var folder in Folders.Reverse())
        {
            while (!CgroupControl.TryRemoveFolder(folder))
            {
                if (DateTime.UtcNow > released)
                {
                    throw new CgroupException($"cannot remove the cgroup {folder}: the kernel still holds it");
                }
                Thread.Sleep(50);
            }
        }
        _hierarchy.RemoveEmptyScopeFolders(Scope);
    }

    public override string ToString() => Folder;

    private string? Read(string file) => ReadFile(Path.Combine(Folder, file));

    private static string? ReadFile(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}

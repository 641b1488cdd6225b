using System.Globalization;

namespace Shop.Topology.Limits;

public enum CgroupVersion
{
    V1 = 1,
    V2 = 2,
}

/// <summary>
/// The cgroup hierarchy that holds this machine's cpu controller, the one place Shop knows cgroups: cgroup v1 (a
/// hierarchy mounted with the cpu controller, /sys/fs/cgroup/cpu, and cpuacct beside it or in it for the usage) or
/// cgroup v2 (a cgroup2 mount whose cgroup.controllers lists cpu). Every limited process gets a cgroup of its own,
/// <c>shop/&lt;scope&gt;/&lt;process&gt;</c> below the hierarchy's root (<see cref="CgroupScope"/>), with the quota of
/// its <see cref="CpuLimit"/>: what a Kubernetes CPU limit does to a pod's container.
/// </summary>
public sealed class CpuCgroups
{
    /// <summary>Shop's folder below the root of the hierarchy.</summary>
    public const string ShopFolder = "shop";

    private readonly bool _requiresRoot;

    private CpuCgroups(CgroupVersion version, string cpuHierarchy, string? usageHierarchy, bool requiresRoot)
    {
        Version = version;
        CpuHierarchy = cpuHierarchy;
        UsageHierarchy = usageHierarchy;
        _requiresRoot = requiresRoot;
    }

    public CgroupVersion Version { get; }

    /// <summary>Where the hierarchy with the cpu controller is mounted.</summary>
    public string CpuHierarchy { get; }

    /// <summary>
    /// Where CPU usage is counted: the same hierarchy, except under cgroup v1 with cpuacct mounted apart from cpu, where
    /// every cgroup is made in both; null under v1 without cpuacct (the limits work, the usage is unknown).
    /// </summary>
    public string? UsageHierarchy { get; }

    /// <summary>What ./shop up prints before it starts limited processes.</summary>
    public string Description => Version == CgroupVersion.V1
        ? $"cgroup v1: cpu controller at {CpuHierarchy}" + (UsageHierarchy is null ? ", no cpuacct (usage unknown)" : UsageHierarchy == CpuHierarchy ? "" : $", usage from {UsageHierarchy}")
        : $"cgroup v2: cpu controller at {CpuHierarchy}";

    /// <summary>This machine's, from /proc/self/mounts.</summary>
    /// <exception cref="CgroupException">No cpu controller is mounted.</exception>
    public static CpuCgroups Detect() => Detect("/");

    /// <summary>
    /// The hierarchy of the machine whose file system starts at <paramref name="root"/>: its proc/self/mounts, with every
    /// mount point below <paramref name="root"/> (a folder of captured files, for tests). Only the real root ("/") asks for
    /// root's rights to make cgroups.
    /// </summary>
    /// <exception cref="CgroupException">No cpu controller is mounted.</exception>
    public static CpuCgroups Detect(string root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var mountsFile = Below(root, "/proc/self/mounts");
        string text;
        try
        {
            text = File.ReadAllText(mountsFile);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new CgroupException($"cannot read {mountsFile} to find the cgroup cpu controller: {exception.Message}");
        }
        var mounts = CgroupFiles.ParseMounts(text);
        var realRoot = root == "/";
        // A controller is bound to one hierarchy at most: a v1 mount with cpu means v2 cannot have it.
        if (mounts.FirstOrDefault(m => m.FileSystemType == "cgroup" && m.Options.Contains("cpu")) is { } cpu)
        {
            var usage = cpu.Options.Contains("cpuacct") ? cpu : mounts.FirstOrDefault(m => m.FileSystemType == "cgroup" && m.Options.Contains("cpuacct"));
            return new CpuCgroups(CgroupVersion.V1, Below(root, cpu.MountPoint), usage is null ? null : Below(root, usage.MountPoint), realRoot);
        }
        foreach (var unified in mounts.Where(m => m.FileSystemType == "cgroup2"))
        {
            var controllers = Path.Combine(Below(root, unified.MountPoint), "cgroup.controllers");
            if (File.Exists(controllers) && CgroupFiles.ParseControllers(File.ReadAllText(controllers)).Contains("cpu"))
            {
                var hierarchy = Below(root, unified.MountPoint);
                return new CpuCgroups(CgroupVersion.V2, hierarchy, hierarchy, realRoot);
            }
        }
        var found = mounts.Where(m => m.FileSystemType is "cgroup" or "cgroup2").Select(m => $"{m.MountPoint} ({m.FileSystemType})").ToList();
        throw new CgroupException(
            "no cgroup cpu controller is available: CPU limits need a cgroup v1 hierarchy with the cpu controller (/sys/fs/cgroup/cpu) " +
            "or a cgroup2 mount whose cgroup.controllers lists cpu; " +
            (found.Count == 0 ? "no cgroup file system is mounted" : "mounted: " + string.Join(", ", found)));
    }

    /// <summary>The cgroup of one process of a deployment, whether it exists or not.</summary>
    public CpuCgroup Cgroup(CgroupScope scope, string process)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return new CpuCgroup(this, scope, CgroupNames.Require(process, "a limited process"));
    }

    /// <summary>Every cgroup of a deployment that exists, by name.</summary>
    public IReadOnlyList<CpuCgroup> InScope(CgroupScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var folder = ScopeFolder(CpuHierarchy, scope);
        return Directory.Exists(folder)
            ? [.. Directory.EnumerateDirectories(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).Select(name => Cgroup(scope, name!))]
            : [];
    }

    /// <summary>
    /// Makes the cgroup of one process with its quota, ready for the process to enter (<see cref="CpuCgroup.Launcher"/>).
    /// A cgroup left by a process that is gone is made anew, so its counters start at zero.
    /// </summary>
    /// <exception cref="CgroupException">Not root, the cgroup still holds a live process, or the kernel refused a write.</exception>
    public CpuCgroup Create(CgroupScope scope, string process, CpuLimit limit)
    {
        ArgumentNullException.ThrowIfNull(limit);
        RequireRoot();
        var cgroup = Cgroup(scope, process);
        if (cgroup.Exists)
        {
            cgroup.Remove(TimeSpan.Zero);
        }
        foreach (var folder in cgroup.Folders)
        {
            try
            {
                Directory.CreateDirectory(folder);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                throw new CgroupException($"cannot make the cgroup {folder}: {exception.Message}");
            }
        }
        if (Version == CgroupVersion.V2)
        {
            // The cpu files of a v2 cgroup exist only where every ancestor enabled the controller for its children. The
            // hierarchy's root may hold processes; Shop's folders below it never do, as v2 requires of a parent.
            foreach (var parent in new[] { CpuHierarchy, Path.Combine(CpuHierarchy, ShopFolder), ScopeFolder(CpuHierarchy, scope) })
            {
                EnableCpuForChildren(parent);
            }
            CgroupControl.Write(Path.Combine(cgroup.Folder, "cpu.max"), string.Create(CultureInfo.InvariantCulture, $"{limit.QuotaMicroseconds} {CpuLimit.PeriodMicroseconds}"));
        }
        else
        {
            CgroupControl.Write(Path.Combine(cgroup.Folder, "cpu.cfs_period_us"), CpuLimit.PeriodMicroseconds.ToString(CultureInfo.InvariantCulture));
            CgroupControl.Write(Path.Combine(cgroup.Folder, "cpu.cfs_quota_us"), limit.QuotaMicroseconds.ToString(CultureInfo.InvariantCulture));
        }
        return cgroup;
    }

    /// <summary>Removes every cgroup of a deployment whose processes are gone, then the deployment's folder.</summary>
    /// <exception cref="CgroupException">Some still hold a live process; the others are removed.</exception>
    public void RemoveScope(CgroupScope scope)
    {
        RequireRoot();
        var busy = new List<string>();
        foreach (var cgroup in InScope(scope))
        {
            try
            {
                cgroup.Remove(TimeSpan.FromSeconds(2));
            }
            catch (CgroupException exception)
            {
                busy.Add(exception.Message);
            }
        }
        RemoveEmptyScopeFolders(scope);
        if (busy.Count > 0)
        {
            throw new CgroupException(string.Join("; ", busy));
        }
    }

    internal static string ScopeFolder(string hierarchy, CgroupScope scope) => Path.Combine(hierarchy, ShopFolder, scope.Name);

    internal void RequireRoot()
    {
        if (_requiresRoot && !Environment.IsPrivilegedProcess)
        {
            throw new CgroupException($"CPU limits need root: the cgroups under {CpuHierarchy} belong to root (run ./shop as root)");
        }
    }

    /// <summary>The deployment's folders once its last cgroup is gone (Shop's own folder stays: another deployment may be making one).</summary>
    internal void RemoveEmptyScopeFolders(CgroupScope scope)
    {
        foreach (var hierarchy in new[] { CpuHierarchy, UsageHierarchy }.OfType<string>().Distinct(StringComparer.Ordinal))
        {
            var folder = ScopeFolder(hierarchy, scope);
            if (Directory.Exists(folder) && !Directory.EnumerateDirectories(folder).Any())
            {
                CgroupControl.TryRemoveFolder(folder);
            }
        }
    }

    private static void EnableCpuForChildren(string cgroup)
    {
        var subtreeControl = Path.Combine(cgroup, "cgroup.subtree_control");
        var enabled = File.Exists(subtreeControl) ? CgroupFiles.ParseControllers(File.ReadAllText(subtreeControl)) : [];
        if (!enabled.Contains("cpu"))
        {
            CgroupControl.Write(subtreeControl, "+cpu");
        }
    }

    private static string Below(string root, string path) => root == "/" ? path : Path.Join(root, path);
}

/// <summary>Writes and removals in a cgroup file system, with messages that name the file.</summary>
internal static class CgroupControl
{
    /// <summary>One write of the whole value, as the kernel wants a control file written.</summary>
    public static void Write(string file, string value)
    {
        try
        {
            File.WriteAllText(file, value);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new CgroupException($"cannot write '{value}' to {file}: {exception.Message}");
        }
    }

    /// <summary>rmdir: a cgroup goes once it has no process and no child cgroup, its control files with it.</summary>
    public static bool TryRemoveFolder(string folder)
    {
        try
        {
            Directory.Delete(folder);
            return true;
        }
        catch (DirectoryNotFoundException)
        {
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}

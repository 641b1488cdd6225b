using System.Buffers;
using System.Globalization;
using System.Text;

namespace Shop.Topology.Limits;

/// <summary>One line of /proc/self/mounts.</summary>
/// <param name="MountPoint">Where it is mounted (octal escapes such as \040 decoded).</param>
/// <param name="FileSystemType">cgroup (v1), cgroup2, tmpfs…</param>
/// <param name="Options">Its mount options; a v1 hierarchy lists its controllers among them (rw,relatime,cpu,cpuacct).</param>
public sealed record Mount(string MountPoint, string FileSystemType, IReadOnlyList<string> Options);

/// <summary>
/// What a cgroup's CPU counters said at one instant: how many enforcement periods it was runnable in, in how many of them
/// it used up its quota and was stopped, for how long in all, and the CPU time it used.
/// </summary>
/// <param name="Periods">nr_periods: periods in which it wanted to run.</param>
/// <param name="ThrottledPeriods">nr_throttled: periods in which it was stopped for the rest of the period.</param>
/// <param name="ThrottledTime">throttled_time (v1, ns) or throttled_usec (v2).</param>
/// <param name="Usage">CPU time of every process it held: cpuacct.usage (v1) or usage_usec (v2); null where v1 has no cpuacct.</param>
public sealed record CpuStat(long Periods, long ThrottledPeriods, TimeSpan ThrottledTime, TimeSpan? Usage)
{
    /// <summary>The share of its periods it was throttled in, 0–1; null before it ever wanted to run.</summary>
    public double? ThrottledShare => Periods > 0 ? (double)ThrottledPeriods / Periods : null;

    /// <summary>What ./shop status shows: <c>throttled 12 % of periods</c>.</summary>
    public string Summary => ThrottledShare is { } share
        ? string.Create(CultureInfo.InvariantCulture, $"throttled {share * 100:0} % of periods")
        : "not run yet";
}

/// <summary>Parsers for the kernel's cgroup files; pure, so they are tested on captured text.</summary>
public static class CgroupFiles
{
    private static readonly SearchValues<char> s_octalDigits = SearchValues.Create("01234567");

    /// <summary>The lines of /proc/self/mounts (device, mount point, type, options, dump, pass).</summary>
    public static IReadOnlyList<Mount> ParseMounts(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var mounts = new List<Mount>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ');
            if (fields.Length >= 4)
            {
                mounts.Add(new Mount(Unescape(fields[1]), fields[2], fields[3].Split(',')));
            }
        }
        return mounts;
    }

    /// <summary>A flat keyed file such as cpu.stat: <c>name value</c> per line.</summary>
    public static IReadOnlyDictionary<string, long> ParseKeyedValues(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var values = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 2 && long.TryParse(fields[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                values[fields[0]] = value;
            }
        }
        return values;
    }

    /// <summary>cgroup v1: the cpu controller's cpu.stat (throttled_time in ns) and, where cpuacct is mounted, cpuacct.usage (ns).</summary>
    public static CpuStat ParseV1Stat(string cpuStat, string? cpuacctUsage)
    {
        var values = ParseKeyedValues(cpuStat);
        TimeSpan? usage = cpuacctUsage is not null && long.TryParse(cpuacctUsage.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var nanoseconds)
            ? FromNanoseconds(nanoseconds)
            : null;
        return new CpuStat(Value(values, "nr_periods"), Value(values, "nr_throttled"), FromNanoseconds(Value(values, "throttled_time")), usage);
    }

    /// <summary>cgroup v2: cpu.stat, everything in it (usage_usec, throttled_usec) in microseconds.</summary>
    public static CpuStat ParseV2Stat(string cpuStat)
    {
        var values = ParseKeyedValues(cpuStat);
        return new CpuStat(Value(values, "nr_periods"), Value(values, "nr_throttled"), TimeSpan.FromMicroseconds(Value(values, "throttled_usec")),
            values.TryGetValue("usage_usec", out var usage) ? TimeSpan.FromMicroseconds(usage) : null);
    }

    /// <summary>cgroup v2's cpu.max: <c>quota period</c>, the quota <c>max</c> for none.</summary>
    public static CpuLimit? ParseCpuMax(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return fields.Length == 2
            && long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var quota)
            && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var period)
            ? CpuLimit.FromQuota(quota, period)
            : null;
    }

    /// <summary>cgroup v1's cpu.cfs_quota_us (-1 for none) and cpu.cfs_period_us.</summary>
    public static CpuLimit? ParseV1Quota(string quota, string period) =>
        long.TryParse(quota.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var quotaMicroseconds)
        && long.TryParse(period.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var periodMicroseconds)
            ? CpuLimit.FromQuota(quotaMicroseconds, periodMicroseconds)
            : null;

    /// <summary>cgroup.procs: one pid per line.</summary>
    public static IReadOnlyList<int> ParseProcs(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
            .Where(pid => pid > 0)];
    }

    /// <summary>A controller list such as cgroup.controllers or cgroup.subtree_control: names separated by spaces.</summary>
    public static IReadOnlyList<string> ParseControllers(string text) =>
        text.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries);

    private static long Value(IReadOnlyDictionary<string, long> values, string key) => values.TryGetValue(key, out var value) ? value : 0;

    private static TimeSpan FromNanoseconds(long nanoseconds) => TimeSpan.FromTicks(nanoseconds / 100);

    // The kernel writes a space in a mount point as \040, a tab as \011, a backslash as \134.
    private static string Unescape(string field)
    {
        var text = new StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length && !field.AsSpan(i + 1, 3).ContainsAnyExcept(s_octalDigits))
            {
                text.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                text.Append(field[i]);
            }
        }
        return text.ToString();
    }
}

using System.Globalization;

namespace Shop.Bench.Sampling;

/// <summary>
/// One line of <c>/proc/&lt;pid&gt;/stat</c>, the fields the sampler needs: <c>CpuTicks</c> is utime + stime of the
/// process itself, <c>ChildCpuTicks</c> cutime + cstime of its children that ended and were waited for (a PostgreSQL
/// backend that closed).
/// </summary>
public sealed record ProcessStat(int Pid, string Command, int ParentPid, long CpuTicks, long ChildCpuTicks, long RssPages);

/// <summary>The first line of <c>/proc/stat</c>: CPU time of the whole machine, all cores together.</summary>
public sealed record MachineCpu(long BusyTicks, long TotalTicks);

/// <summary>Parsers for the Linux files the sampler reads; pure, so they are tested on captured text.</summary>
public static class ProcFileSystem
{
    /// <summary>
    /// Clock ticks per second of the times in /proc. The kernel reports them in USER_HZ, which is 100 on every
    /// architecture .NET runs on (x64, arm64), whatever the kernel's internal HZ.
    /// </summary>
    public const double TicksPerSecond = 100;

    /// <summary>Parses a stat line. The command is in parentheses and may itself hold spaces and parentheses.</summary>
    public static ProcessStat? ParseStat(string line)
    {
        var open = line.IndexOf('(', StringComparison.Ordinal);
        var close = line.LastIndexOf(')');
        if (open < 1 || close < open)
        {
            return null;
        }
        if (!int.TryParse(line.AsSpan(0, open).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid))
        {
            return null;
        }
        // After ")": field 3 (state) is index 0, so field N is index N - 3.
        var fields = line[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 22)
        {
            return null;
        }
        return new ProcessStat(
            pid,
            line[(open + 1)..close],
            ParentPid: Field(fields, 4),
            CpuTicks: LongField(fields, 14) + LongField(fields, 15),
            ChildCpuTicks: LongField(fields, 16) + LongField(fields, 17),
            RssPages: LongField(fields, 24));
    }

    /// <summary>Parses the aggregate "cpu" line: busy is everything but idle and iowait.</summary>
    public static MachineCpu? ParseMachineCpu(string firstLine)
    {
        var fields = firstLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 5 || fields[0] != "cpu")
        {
            return null;
        }
        long total = 0, idle = 0;
        // user nice system idle iowait irq softirq steal [guest guest_nice]: guest time is already inside user.
        var counted = Math.Min(fields.Length - 1, 8);
        for (var i = 1; i <= counted; i++)
        {
            var value = long.Parse(fields[i], CultureInfo.InvariantCulture);
            total += value;
            if (i is 4 or 5)
            {
                idle += value;
            }
        }
        return new MachineCpu(total - idle, total);
    }

    /// <summary>The "Pss:" line of <c>/proc/&lt;pid&gt;/smaps_rollup</c>, in bytes.</summary>
    public static long? ParsePssBytes(string smapsRollup)
    {
        foreach (var line in smapsRollup.Split('\n'))
        {
            if (line.StartsWith("Pss:", StringComparison.Ordinal))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return parts.Length >= 2 && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var kilobytes)
                    ? kilobytes * 1024
                    : null;
            }
        }
        return null;
    }

    /// <summary>The "VmRSS:" line of <c>/proc/&lt;pid&gt;/status</c>, in KiB: the resident memory of the process itself.</summary>
    public static long? ParseVmRssKiB(string status)
    {
        foreach (var line in status.Split('\n'))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var parts = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                return parts.Length >= 2 && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var kilobytes) ? kilobytes : null;
            }
        }
        return null;
    }

    /// <summary>The pid in a pid file: the first line (PostgreSQL's postmaster.pid has more lines after it).</summary>
    public static int? ParsePidFile(string content)
    {
        var firstLine = content.Split('\n', 2)[0].Trim();
        return int.TryParse(firstLine, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) && pid > 0 ? pid : null;
    }

    private static int Field(string[] fields, int number) =>
        int.Parse(fields[number - 3], CultureInfo.InvariantCulture);

    private static long LongField(string[] fields, int number) =>
        long.Parse(fields[number - 3], CultureInfo.InvariantCulture);
}

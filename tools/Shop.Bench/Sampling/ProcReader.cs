using System.Globalization;

namespace Shop.Bench.Sampling;

/// <summary>Reads the live /proc files the benches measure with, through the parsers of <see cref="ProcFileSystem"/>.</summary>
public static class ProcReader
{
    public const string Root = "/proc";

    /// <summary>CPU time of the whole machine so far.</summary>
    public static MachineCpu Machine() =>
        ProcFileSystem.ParseMachineCpu(File.ReadLines(Path.Combine(Root, "stat")).First())
        ?? throw new InvalidDataException("/proc/stat has no aggregate cpu line");

    /// <summary>The stat line of one process, or null when it has ended.</summary>
    public static ProcessStat? Stat(int pid)
    {
        try
        {
            return ProcFileSystem.ParseStat(File.ReadAllText(Path.Combine(Root, Number(pid), "stat")));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Every process's stat line at one instant (those that end while they are read are left out).</summary>
    public static List<ProcessStat> AllStats()
    {
        var stats = new List<ProcessStat>();
        foreach (var directory in Directory.EnumerateDirectories(Root))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Stat(pid) is { } stat)
            {
                stats.Add(stat);
            }
        }
        return stats;
    }

    /// <summary>Resident memory of one process itself, in KiB; null when it has ended.</summary>
    public static long? RssKiB(int pid)
    {
        try
        {
            return ProcFileSystem.ParseVmRssKiB(File.ReadAllText(Path.Combine(Root, Number(pid), "status")));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Proportional memory of one process, in bytes; null when it has ended or cannot be read.</summary>
    public static long? PssBytes(int pid)
    {
        try
        {
            return ProcFileSystem.ParsePssBytes(File.ReadAllText(Path.Combine(Root, Number(pid), "smaps_rollup")));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string Number(int pid) => pid.ToString(CultureInfo.InvariantCulture);
}

using System.Globalization;
using System.Runtime.InteropServices;

namespace Shop.Bench.Report;

/// <summary>Describes the machine the report is written on: the bench and its report run on the same one.</summary>
public static class MachineInfoReader
{
    public static MachineInfo Current() => new()
    {
        Cores = Environment.ProcessorCount,
        CpuModel = ValueOf("/proc/cpuinfo", "model name", ':') ?? RuntimeInformation.ProcessArchitecture.ToString(),
        MemoryGiB = MemoryGiB(),
        Os = (ValueOf("/etc/os-release", "PRETTY_NAME", '=') ?? RuntimeInformation.OSDescription).Trim('"'),
        Kernel = ReadFirstLine("/proc/sys/kernel/osrelease") ?? "",
        Runtime = RuntimeInformation.FrameworkDescription,
    };

    private static double MemoryGiB()
    {
        // "MemTotal:       24684000 kB"
        var text = ValueOf("/proc/meminfo", "MemTotal", ':');
        var kilobytes = text?.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return double.TryParse(kilobytes, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? Math.Round(value / 1024 / 1024, 1)
            : 0;
    }

    private static string? ValueOf(string path, string key, char separator)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        foreach (var line in File.ReadLines(path))
        {
            var index = line.IndexOf(separator, StringComparison.Ordinal);
            if (index > 0 && line[..index].Trim() == key)
            {
                return line[(index + 1)..].Trim();
            }
        }
        return null;
    }

    private static string? ReadFirstLine(string path) => File.Exists(path) ? File.ReadLines(path).FirstOrDefault()?.Trim() : null;
}

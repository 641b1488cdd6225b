using System.Text.Json;
using Shop.Bench.Sampling;

namespace Shop.Bench.Report;

/// <summary>A point of a chart or a series: x (seconds, or a rate) and y.</summary>
public readonly record struct Point(double X, double Y);

/// <summary>What the sampler recorded for one shape, turned into rates, windows and peaks.</summary>
public sealed class ProcessUsage(IReadOnlyList<ProcessSample> samples)
{
    public IReadOnlyList<ProcessSample> Samples { get; } = samples.OrderBy(s => s.At).ToList();

    public static async Task<ProcessUsage> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var samples = new List<ProcessSample>();
        foreach (var line in await File.ReadAllLinesAsync(path, cancellationToken))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            try
            {
                if (JsonSerializer.Deserialize<ProcessSample>(line, BenchJson.Options) is { } sample)
                {
                    samples.Add(sample);
                }
            }
            catch (JsonException)
            {
                // The last line of a sampler that was killed mid-write; every complete line before it counts.
            }
        }
        return new ProcessUsage(samples);
    }

    /// <summary>Every process name seen, in the order of first appearance.</summary>
    public IReadOnlyList<string> Names => Samples.SelectMany(s => s.Processes).Select(p => p.Name).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>CPU seconds a process (tree) used between two instants, prorated over the samples that straddle them.</summary>
    public double CpuSeconds(string name, DateTimeOffset from, DateTimeOffset to) =>
        Intervals(name).Sum(i => i.CpuSeconds * Overlap(i.From, i.To, from, to));

    /// <summary>CPU seconds the whole machine was busy between two instants.</summary>
    public double MachineBusySeconds(DateTimeOffset from, DateTimeOffset to)
    {
        double busy = 0;
        for (var i = 1; i < Samples.Count; i++)
        {
            var delta = Samples[i].MachineBusySeconds - Samples[i - 1].MachineBusySeconds;
            if (delta >= 0)
            {
                busy += delta * Overlap(Samples[i - 1].At, Samples[i].At, from, to);
            }
        }
        return busy;
    }

    /// <summary>Cores in use by a process, interval by interval, at seconds since <paramref name="origin"/>.</summary>
    public IReadOnlyList<Point> CoresOverTime(string name, DateTimeOffset origin) =>
        Intervals(name)
            .Select(i => new Point((i.To - origin).TotalSeconds, i.CpuSeconds / (i.To - i.From).TotalSeconds))
            .ToList();

    public IReadOnlyList<Point> MachineBusyCoresOverTime(DateTimeOffset origin)
    {
        var points = new List<Point>();
        for (var i = 1; i < Samples.Count; i++)
        {
            var seconds = (Samples[i].At - Samples[i - 1].At).TotalSeconds;
            var delta = Samples[i].MachineBusySeconds - Samples[i - 1].MachineBusySeconds;
            if (seconds > 0 && delta >= 0)
            {
                points.Add(new Point((Samples[i].At - origin).TotalSeconds, delta / seconds));
            }
        }
        return points;
    }

    /// <summary>
    /// Memory of a process in MiB over time: RSS for a single process; for a tree (PostgreSQL and its backends) the
    /// latest PSS, because RSS would count the shared buffers once per backend.
    /// </summary>
    public IReadOnlyList<Point> MemoryMiBOverTime(string name, DateTimeOffset origin)
    {
        var points = new List<Point>();
        var lastPss = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var sample in Samples)
        {
            if (sample.Processes.FirstOrDefault(p => p.Name == name) is { } reading)
            {
                points.Add(new Point((sample.At - origin).TotalSeconds, MemoryBytes(reading, lastPss) / BytesPerMiB));
            }
        }
        return points;
    }

    /// <summary>True when the process was ever seen as several processes (its memory is then PSS, see above).</summary>
    public bool IsTree(string name) => Samples.SelectMany(s => s.Processes).Any(p => p.Name == name && p.ProcessCount > 1);

    /// <summary>Memory (as in <see cref="MemoryMiBOverTime"/>) summed over the processes chosen, one total per sample between two instants.</summary>
    public IReadOnlyList<double> TotalMemoryMiB(Func<string, bool> include, DateTimeOffset from, DateTimeOffset to)
    {
        var lastPss = new Dictionary<string, long>(StringComparer.Ordinal);
        var totals = new List<double>();
        foreach (var sample in Samples)
        {
            // Every sample feeds the last known PSS, also those before the window.
            var bytes = sample.Processes.Where(p => include(p.Name)).Sum(p => MemoryBytes(p, lastPss));
            if (sample.At >= from && sample.At <= to)
            {
                totals.Add(bytes / BytesPerMiB);
            }
        }
        return totals;
    }

    public const double BytesPerMiB = 1024 * 1024;

    private static long MemoryBytes(ProcessReading reading, Dictionary<string, long> lastPss)
    {
        if (reading.PssBytes is { } pss)
        {
            lastPss[reading.Name] = pss;
        }
        return reading.ProcessCount > 1 && lastPss.TryGetValue(reading.Name, out var known) ? known : reading.RssBytes;
    }

    private sealed record CpuInterval(DateTimeOffset From, DateTimeOffset To, double CpuSeconds);

    private List<CpuInterval> Intervals(string name)
    {
        var intervals = new List<CpuInterval>();
        ProcessReading? previous = null;
        DateTimeOffset previousAt = default;
        foreach (var sample in Samples)
        {
            if (sample.Processes.FirstOrDefault(p => p.Name == name) is not { } reading)
            {
                previous = null;
                continue;
            }
            if (previous is not null && sample.At > previousAt)
            {
                // A restarted process (new pid) starts its count again: what it used since starting is the difference.
                var used = reading.Pid == previous.Pid ? reading.CpuSeconds - previous.CpuSeconds : reading.CpuSeconds;
                intervals.Add(new CpuInterval(previousAt, sample.At, Math.Max(0, used)));
            }
            previous = reading;
            previousAt = sample.At;
        }
        return intervals;
    }

    private static double Overlap(DateTimeOffset start, DateTimeOffset end, DateTimeOffset from, DateTimeOffset to)
    {
        var length = (end - start).TotalSeconds;
        if (length <= 0)
        {
            return 0;
        }
        var overlap = (Min(end, to) - Max(start, from)).TotalSeconds;
        return Math.Clamp(overlap / length, 0, 1);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}

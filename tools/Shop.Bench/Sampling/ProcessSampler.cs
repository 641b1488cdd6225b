using System.Text.Json;

namespace Shop.Bench.Sampling;

/// <summary>Where the sampler finds the processes to watch.</summary>
/// <param name="PidDirectories">Folders of <c>&lt;name&gt;.pid</c> files, read again on every sample (./shop's run folder).</param>
/// <param name="PidFiles">Single pid files by name, e.g. postgres → the data folder's postmaster.pid.</param>
public sealed record SamplerTargets(IReadOnlyList<string> PidDirectories, IReadOnlyDictionary<string, string> PidFiles);

/// <summary>
/// Every interval, appends one line to an NDJSON file: CPU seconds and memory of each watched process tree and of the
/// whole machine. Appending line by line means a sampler that is killed still leaves every sample it took.
/// </summary>
public sealed class ProcessSampler(SamplerTargets targets, TimeSpan interval, int pssEverySamples = 10)
{
    public async Task RunAsync(string outputPath, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outputPath))!);
        await using var writer = new StreamWriter(outputPath, append: true);
        using var timer = new PeriodicTimer(interval);
        var count = 0;
        do
        {
            // PSS walks every page table, so it is read now and then; RSS and CPU come from stat on every sample.
            var sample = TakeSample(withPss: count % pssEverySamples == 0);
            await writer.WriteLineAsync(JsonSerializer.Serialize(sample, BenchJson.Compact));
            await writer.FlushAsync(CancellationToken.None);
            count++;
        }
        while (await WaitAsync(timer, cancellationToken));
    }

    public ProcessSample TakeSample(bool withPss)
    {
        var at = DateTimeOffset.UtcNow;
        var machine = ProcReader.Machine();
        var readings = ProcessTree.Readings(ProcReader.AllStats(), WatchedProcesses(), Environment.SystemPageSize,
            pid => withPss ? ProcReader.PssBytes(pid) : null);
        return new ProcessSample
        {
            At = at,
            MachineBusySeconds = machine.BusyTicks / ProcFileSystem.TicksPerSecond,
            MachineTotalSeconds = machine.TotalTicks / ProcFileSystem.TicksPerSecond,
            Processes = readings,
        };
    }

    /// <summary>The pid files as they are now: processes restart, replicas come and go during a bench.</summary>
    public IReadOnlyList<WatchedProcess> WatchedProcesses()
    {
        var watched = new List<WatchedProcess> { new("sampler", Environment.ProcessId) };
        foreach (var directory in targets.PidDirectories.Where(Directory.Exists))
        {
            foreach (var file in Directory.EnumerateFiles(directory, "*.pid").Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileNameWithoutExtension(file);
                // "rabbitmq.starter" is the shell that launched the broker; the broker's own pid file is "rabbitmq".
                if (!name.Contains('.', StringComparison.Ordinal) && ReadPid(file) is { } pid)
                {
                    watched.Add(new WatchedProcess(name, pid));
                }
            }
        }
        foreach (var (name, file) in targets.PidFiles)
        {
            if (ReadPid(file) is { } pid)
            {
                watched.Add(new WatchedProcess(name, pid));
            }
        }
        // The same process under two names would be counted twice; the first name wins.
        return watched.DistinctBy(w => w.Pid).ToList();
    }

    private static int? ReadPid(string file)
    {
        try
        {
            return ProcFileSystem.ParsePidFile(File.ReadAllText(file));
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}

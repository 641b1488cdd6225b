using Shop.Bench.Sampling;
using Shop.Bench.Tests.Infrastructure;

namespace Shop.Bench.Tests.Sampling;

public sealed class ProcessSamplerTests
{
    [Fact]
    public void TakeSample_PidFilesOfThisProcess_ReadsItOnceUnderTheFirstNameAndSkipsStarterFiles()
    {
        using var folder = new TemporaryFolder();
        File.WriteAllText(Path.Combine(folder.Path, "catalog-1.pid"), $"{Environment.ProcessId}\n");
        File.WriteAllText(Path.Combine(folder.Path, "rabbitmq.starter.pid"), "1\n");
        File.WriteAllText(Path.Combine(folder.Path, "gone.pid"), "999999999\n");
        var sampler = new ProcessSampler(new SamplerTargets([folder.Path], new Dictionary<string, string>()), TimeSpan.FromSeconds(1));

        var sample = sampler.TakeSample(withPss: true);

        // The sampler watches itself first, so this process appears once, as "sampler".
        var reading = Assert.Single(sample.Processes);
        Assert.Equal("sampler", reading.Name);
        Assert.True(reading.RssBytes > 0);
        Assert.True(reading.PssBytes > 0);
        Assert.True(sample.MachineTotalSeconds > sample.MachineBusySeconds);
    }

    [Fact]
    public void WatchedProcesses_PidDirectoriesAndFiles_NamesEachPidOnce()
    {
        using var folder = new TemporaryFolder();
        File.WriteAllText(Path.Combine(folder.Path, "gateway.pid"), "1\n");
        var postmaster = Path.Combine(folder.Path, "postmaster.pid.data");
        File.WriteAllText(postmaster, "1\n/some/data\n");
        var sampler = new ProcessSampler(new SamplerTargets([folder.Path, "/no/such/folder"], new Dictionary<string, string> { ["postgres"] = postmaster }), TimeSpan.FromSeconds(1));

        var watched = sampler.WatchedProcesses();

        // gateway and postgres name the same pid: the first name wins.
        Assert.Equal([("sampler", Environment.ProcessId), ("gateway", 1)], watched.Select(w => (w.Name, w.Pid)));
    }

    [Fact]
    public async Task RunAsync_Cancelled_LeavesOneCompleteJsonLinePerSample()
    {
        using var folder = new TemporaryFolder();
        var output = Path.Combine(folder.Path, "processes.ndjson");
        var sampler = new ProcessSampler(new SamplerTargets([], new Dictionary<string, string>()), TimeSpan.FromMilliseconds(50));
        using var stop = new CancellationTokenSource();

        var running = sampler.RunAsync(output, stop.Token);
        await Eventually.HoldsAsync(() => File.Exists(output) && File.ReadAllLines(output).Length >= 3, "three samples are written");
        await stop.CancelAsync();
        await running;

        var usage = await Shop.Bench.Report.ProcessUsage.ReadAsync(output, CancellationToken.None);
        Assert.Equal(File.ReadAllLines(output).Length, usage.Samples.Count);
        Assert.All(usage.Samples, s => Assert.Equal("sampler", Assert.Single(s.Processes).Name));
    }
}

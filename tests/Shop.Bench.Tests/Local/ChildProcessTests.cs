using System.Diagnostics;
using Shop.Bench.Local;

namespace Shop.Bench.Tests.Local;

public sealed class ChildProcessTests
{
    [Fact]
    public async Task RunAsync_Command_ReturnsItsExitCodeWithTheEnvironmentItWasGiven()
    {
        var command = new ChildCommand("sh", ["-c", "test \"$BENCH_TEST\" = given && exit 3"]) { Environment = new Dictionary<string, string> { ["BENCH_TEST"] = "given" } };

        Assert.Equal(3, await ChildProcess.RunAsync(command, CancellationToken.None));
    }

    [Fact]
    public async Task RunAsync_WithPidFile_RecordsThePidWhileItRunsAndRemovesItAfter()
    {
        var pidFile = Path.Combine(Path.GetTempPath(), $"shop-bench-{Guid.NewGuid():N}", "loadgen.pid");
        // The pid file is written just after the child starts; the child looks a moment later.
        var command = new ChildCommand("sh", ["-c", $"sleep 0.5; test \"$(cat '{pidFile}')\" = \"$$\""]) { PidFile = pidFile };

        Assert.Equal(0, await ChildProcess.RunAsync(command, CancellationToken.None));
        Assert.False(File.Exists(pidFile));
        Directory.Delete(Path.GetDirectoryName(pidFile)!);
    }

    [Fact]
    public async Task RunAsync_Cancelled_TerminatesTheChildAndWaitsForIt()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var stopwatch = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ChildProcess.RunAsync(new ChildCommand("sleep", ["30"]), cancellation.Token));

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task CaptureAsync_Command_ReturnsWhatItPrinted()
    {
        var (exit, output) = await ChildProcess.CaptureAsync(new ChildCommand("sh", ["-c", "echo one; echo two >&2; echo three"]) { QuietErrors = true }, CancellationToken.None);

        Assert.Equal((0, "one\nthree\n"), (exit, output));
    }

    [Fact]
    public async Task StopAsync_RunningChildWithLogFile_StopsItAndKeepsWhatItPrinted()
    {
        var log = Path.GetTempFileName();
        try
        {
            using var child = ChildProcess.Start(new ChildCommand("sh", ["-c", "echo started; echo oops >&2; exec sleep 30"]) { LogFile = log });
            await WaitUntilAsync(() => File.ReadAllText(log).Contains("oops", StringComparison.Ordinal));

            await child.StopAsync();

            var lines = File.ReadAllLines(log);
            Assert.Contains("started", lines);
            Assert.Contains("oops", lines);
        }
        finally
        {
            File.Delete(log);
        }
    }

    [Fact]
    public void OnCore_Command_RunsItThroughTaskset()
    {
        var command = new ChildCommand("wrk", ["-t1", "http://127.0.0.1:1/"]).OnCore(1);

        Assert.Equal("taskset -c 1 wrk -t1 http://127.0.0.1:1/", command.ToString());
    }

    [Fact]
    public async Task RunAsync_NoSuchProgram_IOExceptionNamingIt()
    {
        var error = await Assert.ThrowsAsync<IOException>(() => ChildProcess.RunAsync(new ChildCommand("no-such-program-here", []), CancellationToken.None));

        Assert.Contains("no-such-program-here", error.Message, StringComparison.Ordinal);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(50);
        }
        Assert.True(condition());
    }
}

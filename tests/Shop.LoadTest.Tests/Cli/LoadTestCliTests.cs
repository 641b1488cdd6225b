using Shop.LoadTest.Cli;
using Shop.LoadTest.Tests.Fakes;

namespace Shop.LoadTest.Tests.Cli;

/// <summary>Exit codes of the command line for what must fail before any traffic is sent.</summary>
public sealed class LoadTestCliTests
{
    [Theory]
    [InlineData("fly")]
    [InlineData("run", "--scenario", "smoke", "--bogus", "1")]
    [InlineData("run")]
    [InlineData("run", "--scenario", "no-such-scenario")]
    [InlineData("run", "--scenario", "smoke", "--scale", "0")]
    [InlineData("run", "--scenario", "smoke", "--duration", "soon")]
    [InlineData("max-rate")]
    [InlineData("capacity", "--factor", "1")]
    public async Task RunAsync_BadArguments_ExitsWithTwo(params string[] args)
    {
        using var console = new CapturedConsole();

        Assert.Equal(LoadTestCli.BadArguments, await LoadTestCli.RunAsync(args, console.Console));
        Assert.Contains("error", console.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run", "--scenario", "smoke", "--target", "http://10.1.2.3:8080")]
    [InlineData("run", "--scenario", "smoke", "--target", "https://shop.example.com")]
    [InlineData("max-rate", "--url", "http://192.168.0.5:5000/plain")]
    [InlineData("capacity", "--target", "http://example.com")]
    public async Task RunAsync_RemoteTargetWithoutAllowRemote_RefusedBeforeAnyTraffic(params string[] args)
    {
        using var console = new CapturedConsole();

        Assert.Equal(LoadTestCli.BadArguments, await LoadTestCli.RunAsync(args, console.Console));
        Assert.Contains("only to 127.0.0.1", console.Output.Replace(Environment.NewLine, " ", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_TargetNotListening_ExitsWithOne()
    {
        using var console = new CapturedConsole();
        var port = FreePort.Next();

        var exit = await LoadTestCli.RunAsync(["run", "--scenario", "smoke", "--target", $"http://127.0.0.1:{port}", "--no-progress", "--out", Path.GetTempFileName()], console.Console);

        Assert.Equal(LoadTestCli.Failed, exit);
        Assert.Contains("failed", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Help_PrintsUsageAndExitsWithZero()
    {
        using var console = new CapturedConsole();

        Assert.Equal(LoadTestCli.Completed, await LoadTestCli.RunAsync(["--help"], console.Console));
        Assert.Contains("max-rate", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void ProgressViewLine_Snapshot_ShowsPhaseRateP99AndTimeLeft()
    {
        var line = Progress.ProgressView.Line(new Progress.ProgressSnapshot("smoke", "steady", 5, 20, 4, 4, 12.5, 40, 1, 2, 0, 0));

        Assert.Contains("smoke steady", line, StringComparison.Ordinal);
        Assert.Contains("p99 12.5 ms", line, StringComparison.Ordinal);
        Assert.Contains("5/20 s (15 s left)", line, StringComparison.Ordinal);
    }
}

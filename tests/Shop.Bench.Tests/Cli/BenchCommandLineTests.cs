using Shop.Bench.Cli;
using Shop.Bench.Report;
using Shop.Bench.Tests.Infrastructure;

namespace Shop.Bench.Tests.Cli;

public sealed class BenchCommandLineTests
{
    [Fact]
    public async Task RunAsync_ReportOfAFixtureFolder_WritesTheThreeFilesAndPrintsTheHeadline()
    {
        using var folder = BenchFixtures.Copy();
        using var output = new StringWriter();

        var exit = await BenchCommandLine.RunAsync(["report", "--dir", folder.Path], output, CancellationToken.None);

        Assert.Equal(0, exit);
        foreach (var file in new[] { "report.json", "report.md", "report.html" })
        {
            Assert.True(new FileInfo(Path.Combine(folder.Path, file)).Length > 1000, $"{file} is missing or nearly empty");
        }
        var read = await BenchJson.ReadAsync<BenchReport>(Path.Combine(folder.Path, "report.json"));
        Assert.Equal(40.0 / 60, read.Comparison!.CapacityRatio!.Value, 9);
        var text = output.ToString();
        Assert.Contains("microservices ÷ monolith: capacity 0.67", text, StringComparison.Ordinal);
        Assert.Contains("goal: Microservices ÷ monolith capacity ≥ 0.6 on this machine: 0.67 (met)", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ScalingReportOfAFolderWithScalingJson_WritesTheReportAndPrintsTheCheapest()
    {
        using var folder = ScalingFixtures.Copy();
        using var output = new StringWriter();

        var exit = await BenchCommandLine.RunAsync(["scaling-report", folder.Path], output, CancellationToken.None);

        Assert.Equal(0, exit);
        foreach (var file in new[] { "report.json", "report.md", "report.html" })
        {
            Assert.True(new FileInfo(Path.Combine(folder.Path, file)).Length > 1000, $"{file} is missing or nearly empty");
        }
        var text = output.ToString();
        Assert.Contains("16 points, 6 isolation experiments; validity: 1 warning", text, StringComparison.Ordinal);
        Assert.Contains("blackfriday, the scenario's peak (80 journeys/s): monolith monolith=2 (1 core, 800 MiB)", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ScalingReportOfAFolderWithoutScalingJson_ExitsWithTwo()
    {
        using var folder = new TemporaryFolder();
        using var output = new StringWriter();

        Assert.Equal(2, await BenchCommandLine.RunAsync(["scaling-report", folder.Path], output, CancellationToken.None));
    }

    [Theory]
    [InlineData("scaling-report")]
    [InlineData("scaling-report --dir x")]
    [InlineData("scaling-report a b")]
    [InlineData("report")]
    [InlineData("report --dir")]
    [InlineData("report --folder x")]
    [InlineData("explode")]
    [InlineData("prometheus --url http://127.0.0.1:1 --from yesterday --to 2026-11-26T10:00:00Z --out p.json")]
    [InlineData("")]
    public async Task RunAsync_BadCommandLine_ExitsWithTwo(string commandLine)
    {
        using var output = new StringWriter();
        var args = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(2, await BenchCommandLine.RunAsync(args, output, CancellationToken.None));
    }
}

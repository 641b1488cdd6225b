using Shop.Bench.Wrk;

namespace Shop.Bench.Tests.Wrk;

/// <summary>wrk 4.1 output captured on this machine (Fixtures/wrk): a clean run, error answers, socket errors, no server.</summary>
public sealed class WrkOutputTests
{
    [Fact]
    public void Parse_CleanRun_ReadsRateLatenciesAndRequests()
    {
        var wrk = WrkOutput.Parse(Sample("plain.txt"));

        Assert.Equal(34218.33, wrk.RequestsPerSecond);
        Assert.Equal("34218.33", wrk.RequestsPerSecondText);
        Assert.Equal(("91.00us", "66.18ms"), (wrk.P50, wrk.P99));
        Assert.Equal(71838, wrk.Requests);
        Assert.Equal((0, 0), (wrk.ErrorResponses, wrk.SocketErrors));
    }

    [Fact]
    public void Parse_Non2xxAnswers_CountsThem()
    {
        var wrk = WrkOutput.Parse(Sample("non-2xx.txt"));

        Assert.Equal(152734, wrk.ErrorResponses);
        Assert.Equal(152734, wrk.Requests);
        Assert.Equal(72731.72, wrk.RequestsPerSecond);
        Assert.Equal(0, wrk.SocketErrors);
    }

    [Fact]
    public void Parse_SocketErrors_AddsUpConnectReadWriteAndTimeout()
    {
        var wrk = WrkOutput.Parse(Sample("socket-errors.txt"));

        Assert.Equal(2 + 235061, wrk.SocketErrors);
        Assert.Equal(0, wrk.ErrorResponses);
        Assert.Equal(("131.00us", "57.93ms"), (wrk.P50, wrk.P99));
    }

    [Fact]
    public void Parse_NothingMeasured_FailsWithWhatWrkPrinted()
    {
        var error = Assert.Throws<FormatException>(() => WrkOutput.Parse(Sample("refused.txt")));

        Assert.Contains("Connection refused", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WithoutLatencyDistribution_Fails()
    {
        var withoutDistribution = string.Join('\n', Sample("plain.txt").Split('\n').Where(line => !line.TrimStart().StartsWith("99%", StringComparison.Ordinal)));

        Assert.Throws<FormatException>(() => WrkOutput.Parse(withoutDistribution));
    }

    [Fact]
    public void RequestsPerSecondText_TwoDecimalsAsWrkPrintsThem()
    {
        Assert.Equal("10122.40", (WrkOutput.Parse(Sample("plain.txt")) with { RequestsPerSecond = 10122.4 }).RequestsPerSecondText);
    }

    private static string Sample(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "wrk", name));
}

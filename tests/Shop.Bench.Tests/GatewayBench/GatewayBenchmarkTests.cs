using System.Text.Json;
using System.Text.Json.Nodes;
using Shop.Bench.GatewayBench;
using Shop.Bench.Sampling;
using Shop.Bench.Wrk;
using Shop.CommandLine;

namespace Shop.Bench.Tests.GatewayBench;

public sealed class GatewayBenchmarkTests
{
    private static readonly WrkOutput s_wrk = new(49268.12, "610.00us", "4.02ms", 500_000, 0, 0, "");

    [Fact]
    public void Parse_NoVariables_TheDefaults()
    {
        var settings = GatewayBenchSettings.Parse([], _ => null);

        Assert.Equal(new GatewayBenchSettings("10s", "10s", 32, 5, 5990, 5993, 8090), settings);
    }

    [Fact]
    public void Parse_Variables_SetDurationsConnectionsRoundsAndPorts()
    {
        var environment = new Dictionary<string, string>
        {
            ["SHOP_BENCH_DURATION"] = "3s",
            ["SHOP_BENCH_WARMUP"] = "1s",
            ["SHOP_BENCH_CONNECTIONS"] = "8",
            ["SHOP_BENCH_ROUNDS"] = "2",
            ["SHOP_BENCH_PLAIN_PORT"] = "6990",
            ["SHOP_BENCH_CATALOG_PORT"] = "6993",
            ["SHOP_BENCH_GATEWAY_PORT"] = "9090",
        };

        Assert.Equal(new GatewayBenchSettings("3s", "1s", 8, 2, 6990, 6993, 9090), GatewayBenchSettings.Parse([], environment.GetValueOrDefault));
    }

    [Theory]
    [InlineData("SHOP_BENCH_ROUNDS", "five")]
    [InlineData("SHOP_BENCH_ROUNDS", "0")]
    [InlineData("SHOP_BENCH_CONNECTIONS", "-1")]
    [InlineData("SHOP_BENCH_GATEWAY_PORT", "70000")]
    public void Parse_VariableNotAWholeNumberInRange_UsageErrorNamingIt(string variable, string value)
    {
        var error = Assert.Throws<UsageException>(() => GatewayBenchSettings.Parse([], name => name == variable ? value : null));

        Assert.StartsWith(variable, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_AnyArgument_UsageError()
    {
        Assert.Contains("takes no options", Assert.Throws<UsageException>(() => GatewayBenchSettings.Parse(["--rounds", "3"], _ => null)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Round_TicksAndMachineTimes_CpuMicrosecondsPerRequestAndBusyShare()
    {
        // 665 ticks of 10 ms over 500,000 requests: 13.3 µs each; the machine was busy 1,940 of 2,000 ticks.
        var round = GatewayBenchmark.Round(s_wrk, upstreamTicks: 665, gatewayTicks: 1130, new MachineCpu(10_000, 50_000), new MachineCpu(11_940, 52_000));

        Assert.Equal(new GatewayRound(49268.12, "610.00us", "4.02ms", 97, 13.3, 22.6), round);
        Assert.Null(GatewayBenchmark.Round(s_wrk, 665, null, new MachineCpu(0, 100), new MachineCpu(50, 200)).GatewayCpuMicrosecondsPerRequest);
    }

    [Fact]
    public void Summarize_Rounds_MediansOfEachFigureAndNoGatewayFigureForADirectCase()
    {
        GatewayRound[] rounds =
        [
            new(90_000, "1", "2", 96, 13.3, null),
            new(91_378.12, "1", "2", 98, 13.0, null),
            new(92_000, "1", "2", 97, 14.1, null),
        ];

        var result = GatewayBenchmark.Summarize("(a) plain Kestrel, direct", throughGateway: false, rounds);

        Assert.Equal(("(a) plain Kestrel, direct", 91_378.12, 97.0, 13.3), (result.Case, result.MedianRps, result.MedianMachineBusyPercent, result.MedianUpstreamCpuMicrosecondsPerRequest));
        Assert.Null(result.MedianGatewayCpuMicrosecondsPerRequest);
        Assert.Same(rounds, result.Rounds);
    }

    [Fact]
    public void Summarize_EvenRoundsThroughTheGateway_MeansOfTheMiddleOnesWithoutFloatingPointTails()
    {
        GatewayRound[] rounds = [new(28529.43, "1", "2", 96, 6.3, 22.6), new(52772.59, "1", "2", 96, 6.4, 23.0)];

        var result = GatewayBenchmark.Summarize("(b)", throughGateway: true, rounds);

        Assert.Equal(22.8, result.MedianGatewayCpuMicrosecondsPerRequest);
        Assert.Equal(6.35, result.MedianUpstreamCpuMicrosecondsPerRequest);
        Assert.Equal(40651.01, result.MedianRps);
    }

    [Fact]
    public void Report_Written_KeepsTheFieldsOfTheBashBenchmarkWithItsNullsAndRatioNames()
    {
        var report = new GatewayBenchReport(2, 32, "10s", "10s", 1, "2",
            [new GatewayCaseResult("(a) plain Kestrel, direct", 91_378, 97, 13.3, null, [new GatewayRound(91_378, "290.00us", "1.56ms", 97, 13.3, null)])],
            new GatewayRatios(0.53, 0.70, [0.53], [0.70]));

        var json = JsonNode.Parse(JsonSerializer.Serialize(report, BenchJson.Options))!.AsObject();

        Assert.Equal(["cores", "connections", "warmup", "duration", "rounds", "upstreamHttpVersion", "results", "ratios"], json.Select(p => p.Key));
        var result = json["results"]![0]!.AsObject();
        Assert.Equal(["case", "medianRps", "medianMachineBusyPercent", "medianUpstreamCpuMicrosecondsPerRequest", "medianGatewayCpuMicrosecondsPerRequest", "rounds"], result.Select(p => p.Key));
        Assert.True(result.ContainsKey("medianGatewayCpuMicrosecondsPerRequest") && result["medianGatewayCpuMicrosecondsPerRequest"] is null);
        Assert.Equal(["rps", "p50", "p99", "machineBusyPercent", "upstreamCpuMicrosecondsPerRequest", "gatewayCpuMicrosecondsPerRequest"], result["rounds"]![0]!.AsObject().Select(p => p.Key));
        Assert.Equal(["b_over_a", "d_over_c", "b_over_a_rounds", "d_over_c_rounds"], json["ratios"]!.AsObject().Select(p => p.Key));
        Assert.Equal("2", json["upstreamHttpVersion"]!.GetValue<string>());
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Shop.Bench.Cli;
using Shop.Bench.FootprintBench;
using Shop.Bench.Local;
using Shop.Bench.Report;
using Shop.CommandLine;
using Shop.Topology;
using Shop.Topology.Hosts;

namespace Shop.Bench.Tests.FootprintBench;

public sealed class FootprintBenchmarkTests
{
    private static readonly IReadOnlyList<HostDefinition> s_hosts = [.. ShopShape.Microservices.Services, ShopTopology.Monolith];

    // Median start-to-ready in ms and idle RSS in KiB of each host.
    private static readonly Dictionary<string, (double Ms, double KiB)> s_medians = new(StringComparer.Ordinal)
    {
        ["catalog"] = (1340, 171_520),
        ["cart"] = (1250, 126_054),
        ["order"] = (1330, 167_322),
        ["reporting"] = (1630, 165_171),
        ["monolith"] = (1820, 185_958),
    };

    [Fact]
    public void Parse_NothingGiven_ThreeRoundsFifteenSecondsFromPort5650()
    {
        Assert.Equal(new FootprintSettings(3, 15, 5650), Parse([]));
    }

    [Fact]
    public void Parse_OptionsBeforeVariables_AndTheBasePortFromItsVariable()
    {
        var environment = new Dictionary<string, string> { ["SHOP_FOOTPRINT_ROUNDS"] = "5", ["SHOP_FOOTPRINT_IDLE_SECONDS"] = "1", ["SHOP_FOOTPRINT_BASE_PORT"] = "15650" };

        Assert.Equal(new FootprintSettings(2, 1, 15650), Parse(["--rounds", "2"], environment));
    }

    [Theory]
    [InlineData("--rounds", "0", "--rounds takes a positive number")]
    [InlineData("--rounds", "three", "--rounds takes a positive number")]
    [InlineData("--idle", "-1", "--idle takes a number of seconds")]
    [InlineData("--idle", "1.5", "--idle takes a number of seconds")]
    public void Parse_NotAWholeNumber_UsageErrorAsTheScriptSaidIt(string option, string value, string message)
    {
        Assert.Equal(message, Assert.Throws<UsageException>(() => Parse([option, value])).Message);
    }

    [Fact]
    public void Parse_UnknownOption_UsageError()
    {
        Assert.Throws<UsageException>(() => Parse(["--round", "2"]));
    }

    [Fact]
    public void ReportOf_Medians_WritesTheFieldsOfFootprintJsonInMiBAndSeconds()
    {
        var footprint = Benchmark(new FootprintSettings(3, 15, 5650)).ReportOf(s_hosts, h => s_medians[h.Name].Ms, h => s_medians[h.Name].KiB,
            new DateTime(2026, 12, 7, 10, 0, 0, 600, DateTimeKind.Utc));

        var json = JsonNode.Parse(JsonSerializer.Serialize(footprint, BenchJson.Options))!.AsObject();

        Assert.Equal(["kind", "measuredAt", "rounds", "idleSeconds", "shapes"], json.Select(p => p.Key));
        Assert.Equal(("footprint", "2026-12-07T10:00:00Z", 3, 15), (json["kind"]!.GetValue<string>(), json["measuredAt"]!.GetValue<string>(),
            json["rounds"]!.GetValue<int>(), json["idleSeconds"]!.GetValue<int>()));
        var microservices = json["shapes"]!["microservices"]!.AsObject();
        Assert.Equal(["rssMiB", "startToReadySeconds", "processes"], microservices.Select(p => p.Key));
        Assert.Equal((615.3, 5.55), (microservices["rssMiB"]!.GetValue<double>(), microservices["startToReadySeconds"]!.GetValue<double>()));
        Assert.Equal(["catalog", "cart", "order", "reporting"], microservices["processes"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()));
        Assert.Equal(["name", "rssMiB", "startToReadySeconds"], microservices["processes"]![0]!.AsObject().Select(p => p.Key));
        Assert.Equal((167.5, 1.34), (microservices["processes"]![0]!["rssMiB"]!.GetValue<double>(), microservices["processes"]![0]!["startToReadySeconds"]!.GetValue<double>()));
        var monolith = json["shapes"]!["monolith"]!.AsObject();
        Assert.Equal((181.6, 1.82, "monolith"), (monolith["rssMiB"]!.GetValue<double>(), monolith["startToReadySeconds"]!.GetValue<double>(),
            monolith["processes"]![0]!["name"]!.GetValue<string>()));
    }

    [Fact]
    public void ReportOf_Written_ReadsBackAsTheReportsFootprint()
    {
        var footprint = Benchmark(new FootprintSettings(3, 15, 5650)).ReportOf(s_hosts, h => s_medians[h.Name].Ms, h => s_medians[h.Name].KiB, DateTime.UtcNow);

        var read = JsonSerializer.Deserialize<Footprint>(JsonSerializer.Serialize(footprint, BenchJson.Options), BenchJson.Options)!;

        Assert.Equal(181.6, read.Shapes[ShopShape.Monolith.Name].RssMiB);
        Assert.Equal(4, read.Shapes[ShopShape.Microservices.Name].Processes.Count);
    }

    [Fact]
    public void Table_Medians_PrintedAsTheScriptPrintedThem()
    {
        var table = FootprintBenchmark.Table(s_hosts, h => s_medians[h.Name].Ms, h => s_medians[h.Name].KiB);

        Assert.Equal(
            """
            PROCESS                START-TO-READY     IDLE-RSS
            catalog                        1.34 s    167.5 MiB
            cart                           1.25 s    123.1 MiB
            order                          1.33 s    163.4 MiB
            reporting                      1.63 s    161.3 MiB
            microservices (sum)            5.55 s    615.3 MiB
            monolith                       1.82 s    181.6 MiB
            monolith ÷ sum                   0.33         0.30
            """.ReplaceLineEndings("\n"),
            table);
    }

    private static FootprintSettings Parse(string[] arguments, Dictionary<string, string>? environment = null) =>
        FootprintSettings.Parse(CommandArguments.Parse(arguments, FootprintSettings.Syntax), name => environment?.GetValueOrDefault(name));

    private static FootprintBenchmark Benchmark(FootprintSettings settings) =>
        new(settings, new ShopStateFolder("/tmp/unused"), "/tmp/unused", "/tmp/unused", new BenchConsole(TextWriter.Null, TextWriter.Null, colour: false));
}

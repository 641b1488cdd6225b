using System.Text.Json;
using System.Text.Json.Nodes;
using Shop.Bench.BlackFriday;
using Shop.Bench.Report;
using Shop.LoadTest.Reports;

namespace Shop.Bench.Tests.BlackFriday;

/// <summary>The files the bench writes itself, with the names and fields the report reads (and older reports have).</summary>
public sealed class BenchFilesTests
{
    [Fact]
    public void BenchSettings_Written_HasTheFieldsOfBenchJson()
    {
        var json = Write(new BenchSettings
        {
            StartedAt = new DateTimeOffset(2026, 11, 27, 10, 0, 0, 123, TimeSpan.Zero),
            Scenario = "smoke",
            Shapes = ["microservices", "monolith"],
            Scale = 0.5,
            Duration = "20s",
            Replicas = "catalog=2",
            Cpus = "catalog=0.5",
            SkipCapacity = true,
            GitCommit = "abc1234+changes",
            OtherShopRunning = false,
        });

        Assert.Equal(["startedAt", "scenario", "shapes", "scale", "duration", "replicas", "cpus", "skipCapacity", "gitCommit", "otherShopRunning"], json.Select(p => p.Key));
        Assert.Equal(0.5, json["scale"]!.GetValue<double>());
        Assert.True(json["skipCapacity"]!.GetValue<bool>());
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 10, 0, 0, 123, TimeSpan.Zero), json["startedAt"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public void BenchSettings_WithTheScaleChosenFromTheCapacity_RecordsTheChoiceAndReadsItBack()
    {
        var choice = ScenarioScaling.Choose(null, skipCapacity: false, [("microservices", Capacity(210)), ("monolith", Capacity(257))]);

        var json = Write(new BenchSettings { Scale = choice.Scale, ScaleChoice = choice });
        var read = JsonSerializer.Deserialize<BenchSettings>(json.ToJsonString(), BenchJson.Options)!;

        Assert.Equal(
            ["scale", "source", "scenarioPeakRate", "peakRate", "capacityRate", "capacityShape", "peakToCapacity", "reason"],
            json["scaleChoice"]!.AsObject().Select(p => p.Key));
        Assert.Equal("capacity", json["scaleChoice"]!["source"]!.GetValue<string>());
        Assert.Equal((choice.Scale, ScaleSource.Capacity, choice.Reason), (read.ScaleChoice!.Scale, read.ScaleChoice.Source, read.ScaleChoice.Reason));
    }

    [Fact]
    public void ShapeStart_Written_HasShapeReplicasCpusAndUpSeconds()
    {
        var json = Write(new ShapeStart { Shape = "monolith", Replicas = "monolith=2", Cpus = "monolith=1", UpSeconds = 74.2 });

        Assert.Equal(["shape", "replicas", "cpus", "upSeconds"], json.Select(p => p.Key));
        Assert.Equal(74.2, json["upSeconds"]!.GetValue<double>());
    }

    [Fact]
    public void WrkResult_Written_HasTheFieldsOfACeilingAndReadsBack()
    {
        var written = new WrkResult
        {
            Case = "plain Kestrel, direct",
            Url = "http://127.0.0.1:15990/plain",
            Rps = 84338.12,
            P50 = "290.00us",
            P99 = "1.56ms",
            Connections = BlackFridayBench.WrkConnections,
            Duration = BlackFridayBench.WrkDuration,
        };

        var json = Write(written);
        var read = JsonSerializer.Deserialize<WrkResult>(json.ToJsonString(), BenchJson.Options)!;

        Assert.Equal(["case", "url", "rps", "p50", "p99", "connections", "duration"], json.Select(p => p.Key).Take(7));
        Assert.Equal((32, "10s"), (json["connections"]!.GetValue<int>(), json["duration"]!.GetValue<string>()));
        Assert.Equal((written.Rps, written.P50Ms, written.P99Ms), (read.Rps, read.P50Ms, read.P99Ms));
    }

    private static CapacityReport Capacity(double rate) =>
        new("capacity", "http://127.0.0.1:18080/", "blackfriday", new CapacityCriterion(1000, 0.001), [new CapacityStep(rate, 15, rate, 500, 100, 0, true, [], [])],
            rate, new DateTime(2026, 11, 27, 10, 0, 0, DateTimeKind.Utc), 200, 15);

    private static JsonObject Write<T>(T value) => JsonNode.Parse(JsonSerializer.Serialize(value, BenchJson.Options))!.AsObject();
}

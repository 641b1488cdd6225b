using System.Text.Json;
using System.Text.Json.Nodes;
using Shop.Bench.BlackFriday;
using Shop.Bench.Report;

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

    private static JsonObject Write<T>(T value) => JsonNode.Parse(JsonSerializer.Serialize(value, BenchJson.Options))!.AsObject();
}

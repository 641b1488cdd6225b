using System.Text.Json;
using System.Text.Json.Nodes;

namespace Shop.LoadTest.Reports.Tests;

public sealed class ReportFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("shop-reports-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task ReadAsync_RunWrittenByTheWriter_ReadsBackEveryField()
    {
        var path = await WriteAsync("run.json", SampleReports.Run());

        var read = await ReportFile.ReadAsync<RunReport>(path);

        Assert.Equal(await File.ReadAllTextAsync(path), JsonSerializer.Serialize(read, ReportFile.Options));
        Assert.Equal(SampleReports.Run().Totals, read.Totals);
        Assert.Equal(DateTimeKind.Utc, read.StartedAt.Kind);
        Assert.Equal(30, read.Step(StepNames.Checkout)!.P90Ms);
    }

    [Fact]
    public async Task ReadAsync_CapacityAndMaxRateWrittenByTheWriter_ReadBackEveryField()
    {
        var capacity = await WriteAsync("capacity.json", SampleReports.Capacity());
        var maxRate = await WriteAsync("max-rate.json", SampleReports.MaxRate());

        Assert.Equal(await File.ReadAllTextAsync(capacity), JsonSerializer.Serialize(await ReportFile.ReadAsync<CapacityReport>(capacity), ReportFile.Options));
        Assert.Equal(await File.ReadAllTextAsync(maxRate), JsonSerializer.Serialize(await ReportFile.ReadAsync<MaxRateReport>(maxRate), ReportFile.Options));
    }

    [Fact]
    public async Task WriteAsync_Run_KeepsTheNamesOfTheContract()
    {
        var json = JsonNode.Parse(await File.ReadAllTextAsync(await WriteAsync("run.json", SampleReports.Run())))!.AsObject();

        Assert.Equal(
            ["kind", "scenario", "target", "scale", "startedAt", "endedAt", "durationSeconds", "phases", "timeline", "steps", "journeys",
             "totals", "orders", "validity", "completed", "seed", "drainSeconds", "generator", "hotProducts", "exceptionSamples"],
            json.Select(p => p.Key));
        Assert.Equal(
            ["scheduled", "started", "completed", "failed", "requests", "errors", "lateStarts", "dropped", "targetRate", "achievedRate", "maxInFlight", "p50Ms", "p99Ms"],
            json["totals"]!.AsObject().Select(p => p.Key));
        Assert.Equal(
            ["second", "phase", "targetRate", "scheduled", "started", "completed", "errors", "lateStarts", "dropped", "inFlight", "p50Ms", "p99Ms", "steps"],
            json["timeline"]![0]!.AsObject().Select(p => p.Key));
        Assert.Equal("2026-11-27T10:00:00Z", json["startedAt"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReadAsync_RenamedField_FailsNamingTheFileAndTheField()
    {
        var path = await WriteAsync("run.json", SampleReports.Run());
        await EditAsync(path, json =>
        {
            var totals = json["totals"]!.AsObject();
            totals["requestCount"] = totals["requests"]!.DeepClone();
            totals.Remove("requests");
        });

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ReportFile.ReadAsync<RunReport>(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("'requests'", error.Message, StringComparison.Ordinal);
        Assert.Contains("TotalsReport", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_MissingFieldOfATimelineSecond_FailsNamingItAndWhere()
    {
        var path = await WriteAsync("run.json", SampleReports.Run());
        await EditAsync(path, json => json["timeline"]![0]!.AsObject().Remove("inFlight"));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ReportFile.ReadAsync<RunReport>(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("'inFlight'", error.Message, StringComparison.Ordinal);
        Assert.Contains("$.timeline[0]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_NullWhereTheContractHasAValue_Fails()
    {
        var path = await WriteAsync("capacity.json", SampleReports.Capacity());
        await EditAsync(path, json => json["steps"]![1]!["problems"] = null);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ReportFile.ReadAsync<CapacityReport>(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("problems", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_MaxRateWithoutItsRate_FailsNamingTheField()
    {
        var path = await WriteAsync("max-rate.json", SampleReports.MaxRate());
        await EditAsync(path, json => json.Remove("requestsPerSecond"));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ReportFile.ReadAsync<MaxRateReport>(path));

        Assert.Contains("'requestsPerSecond'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_OlderRunWithoutTheOptionalDelays_ReadsThemAsNull()
    {
        var path = await WriteAsync("run.json", SampleReports.Run());
        await EditAsync(path, json =>
        {
            json["validity"]!.AsObject().Remove("startDelay");
            json["validity"]!.AsObject().Remove("dispatchDelay");
        });

        var read = await ReportFile.ReadAsync<RunReport>(path);

        Assert.Null(read.Validity.StartDelay);
        Assert.Null(read.Validity.DispatchDelay);
    }

    [Fact]
    public async Task ReadAsync_FieldTheReaderDoesNotKnow_IsIgnored()
    {
        var path = await WriteAsync("capacity.json", SampleReports.Capacity());
        await EditAsync(path, json => json["addedLater"] = 1);

        Assert.Equal(10, (await ReportFile.ReadAsync<CapacityReport>(path)).CapacityRate);
    }

    [Fact]
    public async Task ReadAsync_NotJson_FailsNamingTheFile()
    {
        var path = Path.Combine(_folder, "run.json");
        await File.WriteAllTextAsync(path, "{ \"kind\": ");

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ReportFile.ReadAsync<RunReport>(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadIfExistsAsync_NoFile_IsNull()
    {
        Assert.Null(await ReportFile.ReadIfExistsAsync<RunReport>(Path.Combine(_folder, "none.json")));
    }

    private async Task<string> WriteAsync<T>(string name, T report)
    {
        var path = Path.Combine(_folder, name);
        await ReportFile.WriteAsync(report, path);
        return path;
    }

    private static async Task EditAsync(string path, Action<JsonObject> edit)
    {
        var json = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject();
        edit(json);
        await File.WriteAllTextAsync(path, json.ToJsonString());
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Shop.Reporting.Faults;

namespace Shop.Reporting.Tests.Faults;

/// <summary>
/// The CPU hog on a host with the fault switch on: it burns real CPU for as long as asked, is replaced by the next one,
/// stops on request, and refuses bad input and anyone but an administrator. The CPU bounds are loose on purpose (a
/// shared, busy machine): they tell a burning hog from an idle one, they do not time it.
/// </summary>
[Collection(nameof(CpuMeasuringTests))]
public sealed class CpuHogApiTests(ReportingFaultsFixture app) : IClassFixture<ReportingFaultsFixture>, IAsyncLifetime
{
    private const string Path = "/api/reports/faults/cpu-hog";

    public static TheoryData<string, string> BadBodies => new()
    {
        { """{"seconds": 0}""", "seconds" },
        { """{"seconds": 601}""", "seconds" },
        { """{"seconds": -5, "threads": 1}""", "seconds" },
        { """{"threads": 1}""", "seconds" },
        { """{}""", "seconds" },
        { """{"seconds": 10, "threads": -1}""", "threads" },
        { """{"seconds": 10, "threads": 65}""", "threads" },
    };

    public static TheoryData<string> Methods => ["GET", "POST", "DELETE"];

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>No hog outlives its test.</summary>
    public Task DisposeAsync()
    {
        app.CpuHog.Stop();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Start_TwoThreadsForTwoSeconds_BurnsCpuAndEndsByItself()
    {
        using var client = app.CreateAdminClient();
        var cpuBefore = ProcessCpu();

        using var response = await client.PostAsJsonAsync(Path, new { seconds = 2, threads = 2 });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var started = await StatusOf(response);
        Assert.True(started.Active);
        Assert.Equal(2, started.Threads);
        Assert.InRange(started.EndsAt!.Value, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddSeconds(3));
        Assert.True((await GetStatusAsync(client)).Active);
        await Eventually.HoldsAsync(async () => !(await GetStatusAsync(client)).Active, "the hog ends after its two seconds", TimeSpan.FromSeconds(30));
        await Eventually.HoldsAsync(() => app.CpuHog.BurningThreads == 0, "the hog's threads leave their loop");
        var burnt = ProcessCpu() - cpuBefore;
        Assert.True(burnt >= TimeSpan.FromSeconds(1), $"two threads spinning for two seconds burnt only {burnt.TotalSeconds:0.00} s of CPU");
    }

    [Fact]
    public async Task Stop_WhileBurning_Returns204AndTheCpuFallsIdle()
    {
        using var client = app.CreateAdminClient();
        using var started = await client.PostAsJsonAsync(Path, new { seconds = 120, threads = 1 });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        await Eventually.HoldsAsync(() => app.CpuHog.BurningThreads == 1, "the hog's thread spins");
        var burning = await CpuOverAsync(TimeSpan.FromSeconds(2));

        using var response = await client.DeleteAsync(Path);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(0, app.CpuHog.BurningThreads);
        Assert.Equal(new CpuHogStatus(false, 0, null), await GetStatusAsync(client));
        var stopped = await CpuOverAsync(TimeSpan.FromSeconds(2));
        // Relative to the same process while burning, so whatever else it does (other hosts, the runtime) cancels out:
        // the spinning thread alone was worth about a second per second, a contended machine gives it at least half.
        Assert.True(stopped < burning - TimeSpan.FromSeconds(0.5),
            $"{stopped.TotalSeconds:0.00} s of CPU in 2 s after the hog was stopped, {burning.TotalSeconds:0.00} s in 2 s while it burnt");
    }

    [Fact]
    public async Task Start_WhileBurning_ReplacesTheRunningHog()
    {
        using var client = app.CreateAdminClient();
        using var first = await client.PostAsJsonAsync(Path, new { seconds = 600, threads = 1 });
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);

        using var second = await client.PostAsJsonAsync(Path, new { seconds = 60, threads = 2 });

        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        var status = await GetStatusAsync(client);
        Assert.Equal(2, status.Threads);
        Assert.InRange(status.EndsAt!.Value, DateTimeOffset.UtcNow.AddSeconds(30), DateTimeOffset.UtcNow.AddSeconds(61));
        await Eventually.HoldsAsync(() => app.CpuHog.BurningThreads == 2, "the second hog's two threads spin, and the first one's stopped");
    }

    [Theory]
    [InlineData("""{"seconds": 1, "threads": 0}""")]
    [InlineData("""{"seconds": 1}""")]
    public async Task Start_NoThreadCount_SpinsOneThreadPerCore(string body)
    {
        using var client = app.CreateAdminClient();

        using var response = await client.PostAsync(Path, Json(body));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(Environment.ProcessorCount, (await StatusOf(response)).Threads);
    }

    [Fact]
    public async Task Stop_NothingRunning_Returns204()
    {
        using var client = app.CreateAdminClient();

        using var response = await client.DeleteAsync(Path);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.False((await GetStatusAsync(client)).Active);
    }

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Start_OutOfRange_Returns400ValidationProblemAndStartsNothing(string body, string field)
    {
        using var client = app.CreateAdminClient();

        using var response = await client.PostAsync(Path, Json(body));

        await ProblemAssert.IsValidationProblemAsync(response, field);
        Assert.Equal(0, app.CpuHog.BurningThreads);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"seconds": "ten"}""")]
    [InlineData("")]
    public async Task Start_MalformedBody_Returns400Problem(string body)
    {
        using var client = app.CreateAdminClient();

        using var response = await client.PostAsync(Path, Json(body));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(0, app.CpuHog.BurningThreads);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task CpuHog_NoToken_Returns401Problem(string method)
    {
        using var client = app.CreateClient();

        using var response = await client.SendAsync(Request(method));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal(0, app.CpuHog.BurningThreads);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task CpuHog_BuyerToken_Returns403Problem(string method)
    {
        using var client = app.CreateClient(app.Tokens.Buyer("buyer-1"));

        using var response = await client.SendAsync(Request(method));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal(0, app.CpuHog.BurningThreads);
    }

    internal static HttpRequestMessage Request(string method) => new(new HttpMethod(method), Path)
    {
        Content = method == "POST" ? Json("""{"seconds": 1, "threads": 1}""") : null,
    };

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<CpuHogStatus> GetStatusAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<CpuHogStatus>(Path))!;

    private static async Task<CpuHogStatus> StatusOf(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(body);
        Assert.Equal(["active", "threads", "endsAt"], document.RootElement.EnumerateObject().Select(p => p.Name));
        return JsonSerializer.Deserialize<CpuHogStatus>(body, JsonSerializerOptions.Web)!;
    }

    private static async Task<TimeSpan> CpuOverAsync(TimeSpan period)
    {
        var before = ProcessCpu();
        await Task.Delay(period);
        return ProcessCpu() - before;
    }

    private static TimeSpan ProcessCpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}

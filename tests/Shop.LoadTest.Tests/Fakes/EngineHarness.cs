using Shop.LoadTest.Engine;
using Shop.LoadTest.Metrics;
using Shop.LoadTest.Scenarios;
using Shop.LoadTest.Scheduling;

namespace Shop.LoadTest.Tests.Fakes;

/// <summary>
/// The real engine on a <see cref="ManualClock"/>, with journeys started inline: a run of any length takes
/// milliseconds and every timestamp is exact. Journeys send one GET each to a <see cref="FakeServer"/>.
/// </summary>
public sealed class EngineHarness : IDisposable
{
    private readonly HttpMessageInvoker _http;

    public EngineHarness(
        Func<ManualClock, FakeServer>? server = null,
        int maxConcurrency = 10_000,
        TimeSpan? requestTimeout = null,
        TimeSpan? drainTimeout = null,
        TimeSpan? stallAt = null,
        TimeSpan? stall = null,
        Func<EngineHarness, IJourney>? journey = null,
        TimeSpan? handOffDelay = null)
    {
        Server = (server ?? FakeServer.Instant)(Clock);
        _http = new HttpMessageInvoker(Server);
        Metrics = new RunMetrics(["one-request"]);
        Step = Metrics.Step("request");
        var settings = new EngineSettings(
            Clock,
            new ManualPacer(Clock, stallAt, stall),
            maxConcurrency,
            requestTimeout ?? TimeSpan.FromSeconds(10),
            TimeSpan.FromMilliseconds(10),
            drainTimeout ?? TimeSpan.FromSeconds(20),
            Seed: 42,
            InlineDispatch: true,
            HandOff: handOffDelay is { } delay ? item => StartLater(item, delay) : null);
        var mix = new JourneyMix([(journey?.Invoke(this) ?? new OneRequestJourney(this), 1.0)]);
        Engine = new LoadEngine(settings, mix, Metrics, _http);
    }

    public ManualClock Clock { get; } = new();

    public FakeServer Server { get; }

    public RunMetrics Metrics { get; }

    public StepMetrics Step { get; }

    public LoadEngine Engine { get; }

    /// <summary>Scheduled timestamps of the journeys in the order they started, with the clock when each started.</summary>
    public List<(long Scheduled, long Started)> Starts { get; } = [];

    /// <summary>Runs on a thread without a synchronization context, so every continuation runs inline on it.</summary>
    public Task<EngineResult> RunAsync(params Phase[] phases) =>
        Task.Run(() => Engine.Run(new LoadProfile(phases), CancellationToken.None));

    /// <summary>As a busy thread pool would: each journey starts this much after the scheduler handed it off.</summary>
    private void StartLater(IThreadPoolWorkItem journey, TimeSpan delay) =>
        Clock.CreateTimer(_ => journey.Execute(), null, delay, Timeout.InfiniteTimeSpan);

    public void Dispose()
    {
        Engine.Dispose();
        _http.Dispose();
        Server.Dispose();
    }

    /// <summary>One GET per arrival, recording when it started.</summary>
    public sealed class OneRequestJourney(EngineHarness harness) : IJourney
    {
        public string Name => "one-request";

        public async ValueTask RunAsync(JourneyContext context)
        {
            harness.Starts.Add((context.ScheduledTimestamp, harness.Clock.GetTimestamp()));
            await context.SendAsync(harness.Step, new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1/fake"));
        }
    }
}

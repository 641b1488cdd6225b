using System.Globalization;
using Shop.LoadTest.Engine;
using Shop.LoadTest.Journeys;
using Shop.LoadTest.Metrics;
using Shop.LoadTest.Reports;
using Shop.LoadTest.Scenarios;
using Shop.LoadTest.Scheduling;

namespace Shop.LoadTest.Running;

/// <summary>
/// Load against one Shop target: the HTTP stack, the catalog read before the run and the buyer pool, prepared once
/// and shared by every run made with it (the capacity search runs several). Each run gets fresh metrics.
/// </summary>
public sealed class ShopLoad : IDisposable
{
    private readonly RunSettings _settings;
    private readonly SocketsHttpHandler _handler;
    private readonly HttpMessageInvoker _http;
    private readonly ShopRoutes _routes;
    private readonly ShopCatalog _catalog;
    private readonly BuyerPool _buyers;
    private readonly GeneratorLimits _limits;

    private ShopLoad(RunSettings settings, GeneratorLimits limits, SocketsHttpHandler handler, ShopRoutes routes, ShopCatalog catalog, BuyerPool buyers)
    {
        _settings = settings;
        _limits = limits;
        _handler = handler;
        _http = new HttpMessageInvoker(handler, disposeHandler: false);
        _routes = routes;
        _catalog = catalog;
        _buyers = buyers;
    }

    /// <summary>Runs <paramref name="scenario"/> as the settings say (scale, duration) and returns its report.</summary>
    public static async Task<RunReport> RunScenarioAsync(Scenario scenario, RunSettings settings, CancellationToken cancellationToken)
    {
        var shaped = scenario.Scaled(settings.Scale);
        if (settings.Duration is { } duration)
        {
            shaped = shaped.StretchedTo(duration);
        }
        using var load = await PrepareAsync(shaped, settings, cancellationToken);
        return await load.RunAsync(shaped, shaped.Name, cancellationToken);
    }

    /// <summary>Reads the target's catalog (and restocks the hot products with an admin key) for <paramref name="scenario"/>.</summary>
    public static async Task<ShopLoad> PrepareAsync(Scenario scenario, RunSettings settings, CancellationToken cancellationToken)
    {
        var limits = scenario.Limits with
        {
            MaxConcurrency = settings.MaxConcurrency ?? scenario.Limits.MaxConcurrency,
            Connections = settings.Connections ?? scenario.Limits.Connections,
        };
        var handler = LoadHttp.CreateHandler(limits.Connections);
        try
        {
            var routes = new ShopRoutes(settings.Target);
            using var setupClient = new HttpClient(handler, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(30) };
            var catalog = await new ShopSetup(setupClient, routes, settings.ReadinessTimeout).PrepareAsync(scenario.Catalog, settings.AdminKey, cancellationToken);
            // Unique per run, so carts an earlier run left behind never meet this one's journeys.
            var prefix = "lt" + DateTime.UtcNow.ToString("yyMMddHHmmss", CultureInfo.InvariantCulture);
            var buyers = new BuyerPool(scenario.Buyers, prefix);
            return new ShopLoad(settings, limits, handler, routes, catalog, buyers);
        }
        catch
        {
            handler.Dispose();
            throw;
        }
    }

    public IReadOnlyList<HotProductReport> HotProducts => _catalog.HotReports;

    /// <summary>One run of <paramref name="scenario"/>'s phases and journeys (its scale and length as given).</summary>
    public async Task<RunReport> RunAsync(Scenario scenario, string label, CancellationToken cancellationToken)
    {
        var profile = new LoadProfile(scenario.Phases);
        var metrics = new RunMetrics([.. scenario.Journeys.Select(j => j.Name)]);
        var kit = new ShopJourneyKit(_routes, _catalog, _buyers, scenario.Checkout, scenario.Catalog.HotProducts.Share, metrics);
        var mix = kit.Mix(scenario.Journeys);
        var engineSettings = EngineSettings.ForRealTime(_limits.MaxConcurrency, _limits.RequestTimeout, _limits.LateStartThreshold, _settings.Seed)
            with { RealTimeScheduler = _settings.RealTimeScheduler };
        using var engine = new LoadEngine(engineSettings, mix, metrics, _http);
        _settings.Progress?.Show(label, engine);
        var result = await engine.RunAsync(profile, cancellationToken);
        var generator = new GeneratorReport(
            _limits.MaxConcurrency, _limits.Connections, _limits.RequestTimeout.TotalSeconds, _limits.LateStartThreshold.TotalMilliseconds,
            Environment.ProcessorCount, _buyers.Count, engine.SchedulerRealTime);
        return RunReportBuilder.Build(
            scenario, _settings.Target, _settings.Scale, _settings.Seed, profile, mix, metrics, result, generator, _catalog.HotReports, _settings.Validity);
    }

    public void Dispose()
    {
        _http.Dispose();
        _handler.Dispose();
    }
}

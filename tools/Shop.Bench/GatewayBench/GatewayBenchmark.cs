using System.Globalization;
using System.Text.Json;
using Shop.Bench.Cli;
using Shop.Bench.Local;
using Shop.Bench.Sampling;
using Shop.Bench.Statistics;
using Shop.Bench.Wrk;
using Shop.Topology;

namespace Shop.Bench.GatewayBench;

/// <summary>
/// <c>./shop bench gateway</c>: what the gateway costs. In one run on this machine, wrk measures (a) a plain Kestrel
/// endpoint direct, (b) the same through the gateway, (c) GET /api/catalog/products/{id} direct to a catalog replica, (d)
/// the same through the gateway, and it prints rps, p50/p99, CPU per request and the ratios b/a and d/c (medians of
/// interleaved rounds). Only 127.0.0.1 is ever a target. The measured processes are its own (installed from the current
/// build by deploy/local/bench-gateway.sh) and its children, in its session with wrk.
/// </summary>
/// <param name="settings">Ports, durations, rounds.</param>
/// <param name="state">The state of <c>./shop up</c>: its secrets, the catalog's planned settings, the installed copies.</param>
/// <param name="root">The repository, where artifacts/bench/ is.</param>
/// <param name="console">Where it prints.</param>
public sealed class GatewayBenchmark(GatewayBenchSettings settings, ShopStateFolder state, string root, BenchConsole console)
{
    private const string PlainApp = "bench-plain";
    private const string CatalogApp = "bench-catalog";
    private const string GatewayApp = "bench-gateway";
    private const string UpstreamHttpVersion = "2";

    private readonly WrkRunner _wrk = WrkRunner.OnLastCore();

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var secrets = state.ReadSecrets();
        var catalogSettings = state.ReadPlannedEnvironment(ShopTopology.Catalog.Name + ".command.env");
        await using var plain = await BenchHosts.StartPlainAsync(state, Installed(PlainApp, "Shop.PlainKestrel.dll"), settings.PlainPort);
        await using var catalog = await BenchHosts.StartCatalogAsync(
            state, Installed(CatalogApp, ShopTopology.Catalog.AssemblyFile), settings.CatalogPort, catalogSettings);
        await using var gateway = await BenchHosts.StartGatewayAsync(
            state, Installed(GatewayApp, ShopTopology.Gateway.AssemblyFile), settings.GatewayPort, secrets, settings.PlainPort + 1, settings.CatalogPort + 1);
        foreach (var host in new[] { plain, catalog, gateway })
        {
            console.Ok($"{host.Name} ready on {host.Process.BaseAddress} (pid {host.ProcessId})");
        }

        var productId = await ProductIdAsync(cancellationToken);
        var cases = new GatewayCase[]
        {
            new('a', "(a) plain Kestrel, direct", BenchHosts.Url(settings.PlainPort, BenchHosts.PlainPath), plain, null),
            new('b', "(b) plain Kestrel, through the gateway", BenchHosts.Url(settings.GatewayPort, BenchHosts.PlainPath), plain, gateway),
            new('c', "(c) catalog product by id, direct", BenchHosts.Url(settings.CatalogPort, $"/api/catalog/products/{productId}"), catalog, null),
            new('d', "(d) catalog product by id, through the gateway", BenchHosts.Url(settings.GatewayPort, $"/api/catalog/products/{productId}"), catalog, gateway),
        };

        console.Info($"wrk: {settings.Connections} connections, wrk pinned to core {_wrk.Core}; each case warmed for {settings.Warmup}, then {settings.Rounds} rounds of {settings.Duration} per case");
        foreach (var @case in cases)
        {
            await _wrk.WarmAsync(@case.Url, settings.Connections, settings.Warmup, cancellationToken);
        }
        // Rounds interleave the cases, so a slow minute on a shared machine hits a direct case and its gateway case alike;
        // each ratio is taken within a round, and the medians are reported.
        var rounds = cases.ToDictionary(c => c.Key, _ => new List<GatewayRound>());
        var ba = new List<double>();
        var dc = new List<double>();
        for (var round = 1; round <= settings.Rounds; round++)
        {
            console.Info($"round {round} of {settings.Rounds}");
            foreach (var @case in cases)
            {
                rounds[@case.Key].Add(await MeasureAsync(@case, cancellationToken));
            }
            ba.Add(Decimals.Round(rounds['b'][^1].Rps / rounds['a'][^1].Rps, 2));
            dc.Add(Decimals.Round(rounds['d'][^1].Rps / rounds['c'][^1].Rps, 2));
            await console.Output.WriteLineAsync($"  b/a = {Ratio(ba[^1])}   d/c = {Ratio(dc[^1])}");
        }

        var results = cases.Select(c => Summarize(c.Title, throughGateway: c.Gateway is not null, rounds[c.Key])).ToList();
        var ratios = new GatewayRatios(MedianOf(ba, 2), MedianOf(dc, 2), ba, dc);
        await console.Output.WriteLineAsync();
        console.Info($"medians of {settings.Rounds} rounds");
        foreach (var (@case, result) in cases.Zip(results))
        {
            await console.Output.WriteLineAsync(
                $"  {@case.Title,-48} {Decimals.Format(result.MedianRps, 0),10} rps   busy {Number(result.MedianMachineBusyPercent),3}%   CPU/request: upstream {Cpu(result.MedianUpstreamCpuMicrosecondsPerRequest),5} us" +
                (result.MedianGatewayCpuMicrosecondsPerRequest is { } g ? $", gateway {Cpu(g),5} us" : ""));
        }
        await console.Output.WriteLineAsync();
        await console.Output.WriteLineAsync($"  b/a = {Ratio(ratios.BOverA)}   (goal >= 0.50; rounds: {string.Join(' ', ba.Select(Ratio))})");
        await console.Output.WriteLineAsync($"  d/c = {Ratio(ratios.DOverC)}   (goal >= 0.70; rounds: {string.Join(' ', dc.Select(Ratio))})");

        var report = new GatewayBenchReport(Environment.ProcessorCount, settings.Connections, settings.Warmup, settings.Duration, settings.Rounds,
            UpstreamHttpVersion, results, ratios);
        var folder = Path.Combine(root, "artifacts", "bench");
        var file = Path.Combine(folder, $"gateway-{DateTimeOffset.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}.json");
        await BenchJson.WriteAsync(file, report, cancellationToken);
        console.Ok($"figures written to {Path.GetRelativePath(root, file)}");
        return 0;
    }

    /// <summary>The medians of one case's rounds.</summary>
    public static GatewayCaseResult Summarize(string title, bool throughGateway, IReadOnlyList<GatewayRound> rounds) => new(
        title,
        MedianOf(rounds.Select(r => r.Rps), 2),
        MedianOf(rounds.Select(r => r.MachineBusyPercent), 0),
        MedianOf(rounds.Select(r => r.UpstreamCpuMicrosecondsPerRequest), 1),
        throughGateway ? MedianOf(rounds.Select(r => r.GatewayCpuMicrosecondsPerRequest ?? 0), 1) : null,
        rounds);

    // Of figures with this many decimals: the mean of the two middle ones has one more, and no floating-point tail.
    private static double MedianOf(IEnumerable<double> figures, int decimals) => Decimals.Round(Median.Of(figures), decimals + 1);

    /// <summary>
    /// One round's figures from what wrk printed and the CPU clock ticks before and after: CPU microseconds per request
    /// of the upstream and the gateway (what each process costs, whatever share of the machine it got), and how busy the
    /// machine was (a case that leaves cores idle is limited by waiting, not by CPU).
    /// </summary>
    public static GatewayRound Round(WrkOutput wrk, long upstreamTicks, long? gatewayTicks, MachineCpu machineBefore, MachineCpu machineAfter)
    {
        double PerRequest(long ticks) => Decimals.Round(ticks / ProcFileSystem.TicksPerSecond / wrk.Requests * 1e6, 1);
        var busy = 100.0 * (machineAfter.BusyTicks - machineBefore.BusyTicks) / (machineAfter.TotalTicks - machineBefore.TotalTicks);
        return new GatewayRound(wrk.RequestsPerSecond, wrk.P50, wrk.P99, Decimals.Round(busy, 0), PerRequest(upstreamTicks),
            gatewayTicks is { } g ? PerRequest(g) : null);
    }

    private async Task<GatewayRound> MeasureAsync(GatewayCase @case, CancellationToken cancellationToken)
    {
        var upstreamBefore = CpuTicks(@case.Upstream);
        var gatewayBefore = @case.Gateway is { } gateway ? CpuTicks(gateway) : 0;
        var machineBefore = ProcReader.Machine();
        var wrk = await _wrk.MeasureAsync(@case.Url, settings.Connections, settings.Duration, cancellationToken);
        var machineAfter = ProcReader.Machine();
        var upstreamTicks = CpuTicks(@case.Upstream) - upstreamBefore;
        long? gatewayTicks = @case.Gateway is { } g ? CpuTicks(g) - gatewayBefore : null;
        if (wrk.ErrorResponses > 0 || wrk.SocketErrors > 0)
        {
            console.ErrorDetail(wrk.Printed);
            throw new IOException($"{@case.Url} answered errors during the benchmark");
        }
        var round = Round(wrk, upstreamTicks, gatewayTicks, machineBefore, machineAfter);
        await console.Output.WriteLineAsync(
            $"  {@case.Title,-48} {wrk.RequestsPerSecondText,10} rps   p50 {wrk.P50,-9} p99 {wrk.P99,-9} busy {Decimals.Format(round.MachineBusyPercent, 0),3}%   CPU/request: upstream {Cpu(round.UpstreamCpuMicrosecondsPerRequest),5} us" +
            (round.GatewayCpuMicrosecondsPerRequest is { } perRequest ? $", gateway {Cpu(perRequest),5} us" : ""));
        return round;
    }

    // A product in the middle of the seeded catalog, read from the benchmark's own replica.
    private async Task<Guid> ProductIdAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var url = BenchHosts.Url(settings.CatalogPort, "/api/catalog/products?pageSize=1&page=17");
        using var page = JsonDocument.Parse(await http.GetStringAsync(url, cancellationToken));
        return page.RootElement.TryGetProperty("items", out var items) && items.GetArrayLength() > 0 && items[0].TryGetProperty("id", out var id)
            ? id.GetGuid()
            : throw new InvalidDataException("could not read a product id from the catalog");
    }

    private string Installed(string app, string assembly) => Path.Combine(state.App, app, assembly);

    private static long CpuTicks(RecordedHost host) =>
        ProcReader.Stat(host.ProcessId)?.CpuTicks ?? throw new InvalidOperationException($"{host.Name} (pid {host.ProcessId}) is gone");

    private static string Ratio(double value) => Decimals.Format(value, 2);

    private static string Cpu(double value) => Decimals.Format(value, 1);

    private static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One case of the gateway benchmark: what wrk loads, and which processes' CPU it costs.</summary>
/// <param name="Key">a, b, c or d.</param>
/// <param name="Title">As printed and in the JSON.</param>
/// <param name="Url">The URL wrk loads.</param>
/// <param name="Upstream">The plain endpoint or the catalog replica.</param>
/// <param name="Gateway">The gateway, when the case goes through it.</param>
public sealed record GatewayCase(char Key, string Title, Uri Url, RecordedHost Upstream, RecordedHost? Gateway);

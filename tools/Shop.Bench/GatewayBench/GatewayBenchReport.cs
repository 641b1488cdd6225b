using System.Text.Json.Serialization;

namespace Shop.Bench.GatewayBench;

/// <summary>artifacts/bench/gateway-&lt;timestamp&gt;.json: every round of every case, the medians and the ratios.</summary>
public sealed record GatewayBenchReport(
    int Cores,
    int Connections,
    string Warmup,
    string Duration,
    int Rounds,
    string UpstreamHttpVersion,
    IReadOnlyList<GatewayCaseResult> Results,
    GatewayRatios Ratios);

/// <summary>One case over every round.</summary>
/// <param name="Case">"(a) plain Kestrel, direct" and so on.</param>
/// <param name="MedianRps">Median requests per second.</param>
/// <param name="MedianMachineBusyPercent">Median share of the machine's CPU that was busy.</param>
/// <param name="MedianUpstreamCpuMicrosecondsPerRequest">Median CPU the upstream (plain endpoint or catalog) spent per request.</param>
/// <param name="MedianGatewayCpuMicrosecondsPerRequest">The same for the gateway; null in a direct case.</param>
/// <param name="Rounds">Each round's figures.</param>
public sealed record GatewayCaseResult(
    string Case,
    double MedianRps,
    double MedianMachineBusyPercent,
    double MedianUpstreamCpuMicrosecondsPerRequest,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? MedianGatewayCpuMicrosecondsPerRequest,
    IReadOnlyList<GatewayRound> Rounds);

/// <summary>One wrk measurement of one case.</summary>
/// <param name="Rps">Requests per second.</param>
/// <param name="P50">wrk's p50, as printed.</param>
/// <param name="P99">wrk's p99, as printed.</param>
/// <param name="MachineBusyPercent">How busy the machine was: a case that leaves cores idle is limited by waiting, not by CPU.</param>
/// <param name="UpstreamCpuMicrosecondsPerRequest">What the upstream costs per request, whatever share of the machine it got.</param>
/// <param name="GatewayCpuMicrosecondsPerRequest">What the gateway costs per request; null in a direct case.</param>
public sealed record GatewayRound(
    double Rps,
    string P50,
    string P99,
    double MachineBusyPercent,
    double UpstreamCpuMicrosecondsPerRequest,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? GatewayCpuMicrosecondsPerRequest);

/// <summary>Through the gateway ÷ direct: the medians, and each round's ratio (taken within the round).</summary>
public sealed record GatewayRatios(
    [property: JsonPropertyName("b_over_a")] double BOverA,
    [property: JsonPropertyName("d_over_c")] double DOverC,
    [property: JsonPropertyName("b_over_a_rounds")] IReadOnlyList<double> BOverARounds,
    [property: JsonPropertyName("d_over_c_rounds")] IReadOnlyList<double> DOverCRounds);

using System.Diagnostics.Metrics;

namespace Shop.Gateway.Observability;

/// <summary>
/// The gateway's own counters, on the <c>Shop.Gateway</c> meter (exported at <c>/metrics</c> by ServiceDefaults).
/// Request rates and latencies already come from the ASP.NET Core and HttpClient instrumentation; these count the
/// decisions the gateway takes on its own.
/// </summary>
public sealed class GatewayMetrics
{
    public const string MeterName = "Shop.Gateway";
    public const string RetriesInstrument = "shop.gateway.proxy.retries";
    public const string ProxyFailuresInstrument = "shop.gateway.proxy.failures";
    public const string RateLimitedInstrument = "shop.gateway.rate_limit.rejections";
    public const string TokensIssuedInstrument = "shop.gateway.tokens.issued";
    public const string TokensRefusedInstrument = "shop.gateway.tokens.refused";

    private readonly Counter<long> _retries;
    private readonly Counter<long> _proxyFailures;
    private readonly Counter<long> _rateLimited;
    private readonly Counter<long> _tokensIssued;
    private readonly Counter<long> _tokensRefused;

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _retries = meter.CreateCounter<long>(
            RetriesInstrument, "{retry}", "Idempotent requests sent again to another replica after a transport failure.");
        _proxyFailures = meter.CreateCounter<long>(
            ProxyFailuresInstrument, "{request}", "Requests the gateway answered itself because forwarding failed (after retries).");
        _rateLimited = meter.CreateCounter<long>(
            RateLimitedInstrument, "{request}", "Requests refused with 429 by the per-client rate limiter.");
        _tokensIssued = meter.CreateCounter<long>(
            TokensIssuedInstrument, "{token}", "Tokens issued by the demo issuer.");
        _tokensRefused = meter.CreateCounter<long>(
            TokensRefusedInstrument, "{token}", "Admin token requests refused because the admin key did not match or is not configured.");
    }

    public void RetryAttempted(string clusterId) =>
        _retries.Add(1, new KeyValuePair<string, object?>("cluster", clusterId));

    public void ProxyFailed(string clusterId, string error) =>
        _proxyFailures.Add(1, new KeyValuePair<string, object?>("cluster", clusterId), new KeyValuePair<string, object?>("error", error));

    /// <param name="partition">"subject" for authenticated clients, "address" for anonymous ones.</param>
    public void RequestRateLimited(string partition) =>
        _rateLimited.Add(1, new KeyValuePair<string, object?>("partition", partition));

    public void TokenIssued(bool admin) =>
        _tokensIssued.Add(1, new KeyValuePair<string, object?>("role", admin ? "admin" : "buyer"));

    public void TokenRefused(string reason) =>
        _tokensRefused.Add(1, new KeyValuePair<string, object?>("reason", reason));
}

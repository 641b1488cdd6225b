using System.Globalization;
using Shop.CommandLine;

namespace Shop.Bench.GatewayBench;

/// <summary>How <c>./shop bench gateway</c> measures: its SHOP_BENCH_* variables (it takes no options).</summary>
/// <param name="Duration">Length of one measurement, as wrk takes it (10s).</param>
/// <param name="Warmup">Load before the rounds, per case.</param>
/// <param name="Connections">wrk's connections.</param>
/// <param name="Rounds">Rounds of the four cases.</param>
/// <param name="PlainPort">The plain endpoint (its gateway listener on the next port).</param>
/// <param name="CatalogPort">The benchmark's own catalog replica (its gateway listener on the next port).</param>
/// <param name="GatewayPort">The benchmark's gateway.</param>
public sealed record GatewayBenchSettings(string Duration, string Warmup, int Connections, int Rounds, int PlainPort, int CatalogPort, int GatewayPort)
{
    public const string Usage = """
        Usage: ./shop bench gateway

        wrk on (a) a plain Kestrel endpoint direct, (b) the same through the gateway, (c) a catalog product by id direct,
        (d) the same through the gateway: interleaved rounds, rps, p50/p99, CPU per request, the medians and b/a, d/c.
        Environment: SHOP_BENCH_DURATION (10s), SHOP_BENCH_WARMUP (10s), SHOP_BENCH_CONNECTIONS (32), SHOP_BENCH_ROUNDS (5),
        SHOP_BENCH_PLAIN_PORT (5990), SHOP_BENCH_CATALOG_PORT (5993), SHOP_BENCH_GATEWAY_PORT (8090).
        """;

    /// <exception cref="UsageException">An argument (there are none), or a variable that is not a whole number.</exception>
    public static GatewayBenchSettings Parse(IReadOnlyList<string> arguments, Func<string, string?> environment)
    {
        if (arguments.Count > 0)
        {
            throw new UsageException("./shop bench gateway takes no options (ports and durations: the SHOP_BENCH_* variables, see README)");
        }
        string Text(string name, string fallback) => environment(name) is { Length: > 0 } value ? value : fallback;
        int Whole(string name, int fallback, int min, int max)
        {
            var text = Text(name, fallback.ToString(CultureInfo.InvariantCulture));
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
                ? value
                : throw new UsageException($"{name} must be a whole number from {min} to {max}, got '{text}'");
        }
        return new GatewayBenchSettings(
            Duration: Text("SHOP_BENCH_DURATION", "10s"),
            // Long enough for tiered compilation to settle: a freshly started gateway needs about 8 s under this load to
            // reach its steady rate on 2 cores (it proxied 16k, 24k, 41k, then 46k requests/s in consecutive 3 s windows).
            Warmup: Text("SHOP_BENCH_WARMUP", "10s"),
            Connections: Whole("SHOP_BENCH_CONNECTIONS", 32, 1, 100_000),
            Rounds: Whole("SHOP_BENCH_ROUNDS", 5, 1, 1000),
            PlainPort: Whole("SHOP_BENCH_PLAIN_PORT", 5990, 1, 65_534),
            CatalogPort: Whole("SHOP_BENCH_CATALOG_PORT", 5993, 1, 65_534),
            GatewayPort: Whole("SHOP_BENCH_GATEWAY_PORT", 8090, 1, 65_535));
    }
}

using System.Globalization;
using Shop.Bench.BlackFriday;
using Shop.CommandLine;
using Shop.Topology.Hosts;

namespace Shop.Bench.Journeys;

/// <summary>How one journeys bench runs: the command line of <c>./shop bench journeys</c>.</summary>
/// <param name="Shapes">The shapes measured, in this order.</param>
/// <param name="Rates">Journeys per second of each journey, run alone; the same in every shape, so their costs compare.</param>
/// <param name="Seconds">Length of each measured window.</param>
/// <param name="WarmUpSeconds">The mixed load each shape gets first, unmeasured, so the windows meet optimized code.</param>
/// <param name="IdleSeconds">The idle window before the journeys: what the shape costs doing nothing.</param>
/// <param name="Quick">Short windows: to see that it works (./shop test runs it), not figures to quote.</param>
/// <param name="StateFolder">The bench's own state folder, never the one of <c>./shop up</c>.</param>
/// <param name="Seed">The generator's seed.</param>
public sealed record JourneysSettings(
    IReadOnlyList<string> Shapes,
    IReadOnlyList<JourneyRate> Rates,
    double Seconds,
    double WarmUpSeconds,
    double IdleSeconds,
    bool Quick,
    string StateFolder,
    long Seed)
{
    /// <summary>
    /// Rates both shapes sustain here with room to spare (their Black Friday capacities are 65-140 journeys/s of the
    /// mix on two cores): the bench measures what a journey costs, not where a shape breaks.
    /// </summary>
    public static IReadOnlyList<JourneyRate> DefaultRates { get; } =
    [
        new("browse", 30),
        new("add-to-cart", 20),
        new("checkout", 8),
    ];

    /// <summary>The journeys a rate may name, as the scenarios name them.</summary>
    public static IReadOnlyList<string> Journeys { get; } = [.. DefaultRates.Select(r => r.Journey)];

    public const string Usage = """
        Usage: ./shop bench journeys [--shape microservices|monolith|both] [--rates browse=30,add-to-cart=20,checkout=8]
                                     [--seconds 30] [--quick]

          --shape    which shape(s) to measure (default both)
          --rates    journeys per second of each journey, run alone at that constant rate (default
                     browse=30,add-to-cart=20,checkout=8); a journey left out is not measured
          --seconds  length of each measured window (default 30)
          --quick    5-s windows and a short warm-up: checks that the bench works (./shop test runs it); not figures
                     to quote

        Each shape starts from an empty state, gets a warm-up of the mixed load, idles for a window, then runs each
        journey alone; the CPU of every process (Shop's, PostgreSQL, Redis, RabbitMQ, the generator) is sampled around
        each window and divided by the journeys and requests that completed in it. Report in
        artifacts/reports/<timestamp>-journeys/ (journeys.json, report.md).

        Environment: SHOP_BENCH_STATE (default .shop/bench), SHOP_BENCH_SEED (generator seed).
        """;

    public static CommandSyntax Syntax { get; } = new("journeys")
    {
        Values = ["shape", "rates", "seconds"],
        Flags = ["quick"],
    };

    /// <exception cref="UsageException">An option is malformed or out of range.</exception>
    public static JourneysSettings Parse(CommandArguments arguments, Func<string, string?> environment, string root, string developerState)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(environment);
        var quick = arguments.Flag("quick");
        var shapes = arguments.Value("shape") switch
        {
            null or "both" => new[] { ShopShape.Microservices.Name, ShopShape.Monolith.Name },
            var one when one == ShopShape.Microservices.Name || one == ShopShape.Monolith.Name => [one],
            var other => throw new UsageException($"--shape takes microservices, monolith or both, got '{other}'"),
        };
        var rates = arguments.Value("rates") is { } text ? ParseRates(text) : DefaultRates;
        var seconds = arguments.Number("seconds", quick ? 5 : 30, 3, 600);
        var state = Path.GetFullPath(environment(BlackFridaySettings.StateVariable) is { Length: > 0 } given ? given : Path.Combine(root, ".shop", "bench"));
        if (string.Equals(Path.TrimEndingDirectorySeparator(state), Path.TrimEndingDirectorySeparator(Path.GetFullPath(developerState)), StringComparison.Ordinal))
        {
            throw new UsageException($"{BlackFridaySettings.StateVariable} must not be the state folder of ./shop up ({developerState}): the bench wipes it");
        }
        var seedText = environment(BlackFridaySettings.SeedVariable) is { Length: > 0 } seedValue ? seedValue : BlackFridaySettings.DefaultSeed.ToString(CultureInfo.InvariantCulture);
        if (!long.TryParse(seedText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seed))
        {
            throw new UsageException($"{BlackFridaySettings.SeedVariable} must be a whole number, got '{seedText}'");
        }
        return new JourneysSettings(shapes, rates, seconds, quick ? 8 : 30, quick ? 3 : 10, quick, state, seed);
    }

    /// <summary>Parses <c>browse=30,checkout=8</c>: each journey at most once, each rate above 0 and at most 500.</summary>
    /// <exception cref="UsageException">A pair is malformed, a journey unknown or repeated, a rate out of range.</exception>
    public static IReadOnlyList<JourneyRate> ParseRates(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rates = new List<JourneyRate>();
        foreach (var pair in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new UsageException($"--rates takes journey=rate pairs such as browse=30, got '{pair}'");
            }
            var journey = pair[..equals];
            if (!Journeys.Contains(journey, StringComparer.Ordinal))
            {
                throw new UsageException($"--rates: unknown journey '{journey}'; expected one of {string.Join(", ", Journeys)}");
            }
            if (rates.Any(r => r.Journey == journey))
            {
                throw new UsageException($"--rates names {journey} twice");
            }
            if (!double.TryParse(pair[(equals + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) || !(rate > 0) || rate > 500)
            {
                throw new UsageException($"--rates: the rate of {journey} must be a number of journeys per second above 0 and at most 500, got '{pair[(equals + 1)..]}'");
            }
            rates.Add(new JourneyRate(journey, rate));
        }
        return rates.Count > 0 ? rates : throw new UsageException("--rates names no journey");
    }
}

/// <summary>A journey and the constant rate it runs at, journeys per second.</summary>
public sealed record JourneyRate(string Journey, double Rate);

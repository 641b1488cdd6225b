namespace Shop.LoadTest.Scenarios;

/// <summary>
/// A load scenario: phases that set the arrival rate of journeys over time, and the weighted journeys each arrival
/// runs. Read from a JSON file by <see cref="ScenarioFile"/>; always valid once constructed there.
/// </summary>
/// <param name="Name">Short name, written to run.json (<c>blackfriday</c>).</param>
/// <param name="Description">What the scenario is for.</param>
/// <param name="Phases">Consecutive phases; the run lasts their total length.</param>
/// <param name="Journeys">The journey mix; weights are relative and need not add up to 1.</param>
/// <param name="Buyers">Size of the pool of virtual buyers whose tokens and carts the journeys use.</param>
/// <param name="Catalog">What the journeys browse and buy.</param>
/// <param name="Checkout">How the checkout journey fills its cart and follows its order.</param>
/// <param name="Limits">The generator's own limits.</param>
public sealed record Scenario(
    string Name,
    string? Description,
    IReadOnlyList<Phase> Phases,
    IReadOnlyList<JourneyWeight> Journeys,
    int Buyers,
    CatalogSettings Catalog,
    CheckoutSettings Checkout,
    GeneratorLimits Limits)
{
    /// <summary>Total length of the phases in seconds.</summary>
    public double TotalSeconds => Phases.Sum(p => p.Seconds);

    /// <summary>The highest arrival rate any phase asks for.</summary>
    public double PeakRate => Phases.Max(p => Math.Max(p.FromRate, p.ToRate));

    /// <summary>The same scenario with every arrival rate multiplied by <paramref name="factor"/>.</summary>
    public Scenario Scaled(double factor)
    {
        if (!(factor > 0) || double.IsInfinity(factor))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "The scale must be a positive number.");
        }
        return this with { Phases = [.. Phases.Select(p => p with { FromRate = p.FromRate * factor, ToRate = p.ToRate * factor })] };
    }

    /// <summary>
    /// The same scenario lasting <paramref name="duration"/>: every phase is stretched or shrunk by the same factor,
    /// so the shape (a spike's share of the run, the ramps' end rates) stays what the file describes.
    /// </summary>
    public Scenario StretchedTo(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "The duration must be positive.");
        }
        var factor = duration.TotalSeconds / TotalSeconds;
        return this with { Phases = [.. Phases.Select(p => p with { Seconds = p.Seconds * factor })] };
    }

    /// <summary>
    /// A warm-up before measured steps: the scenario at one constant rate, every journey of its mix equally likely.
    /// With the mix's own weights a rare journey (Black Friday's checkouts are a tenth) may not run at all in a short
    /// warm-up at a low rate, and its code would then be compiled, and its pools opened, inside the first measured step.
    /// </summary>
    public Scenario WarmUp(double rate, double seconds) =>
        AtConstantRate(rate, seconds, "warm-up") with { Journeys = [.. Journeys.Select(j => j with { Weight = 1 })] };

    /// <summary>The scenario's mix and settings at one constant rate for <paramref name="seconds"/> (capacity steps).</summary>
    public Scenario AtConstantRate(double rate, double seconds, string phaseName = "constant") =>
        this with { Phases = [new Phase(phaseName, seconds, rate, rate)] };
}

/// <summary>A stretch of the run whose arrival rate goes linearly from <paramref name="FromRate"/> to <paramref name="ToRate"/>.</summary>
/// <param name="Name">Shown in the progress and the timeline (<c>spike</c>).</param>
/// <param name="Seconds">Length.</param>
/// <param name="FromRate">Journeys per second at the start.</param>
/// <param name="ToRate">Journeys per second at the end; equal to <paramref name="FromRate"/> for a constant phase.</param>
public sealed record Phase(string Name, double Seconds, double FromRate, double ToRate)
{
    /// <summary>How many journeys the phase starts: the area under its rate.</summary>
    public double Arrivals => (FromRate + ToRate) / 2 * Seconds;

    /// <summary>Rate <paramref name="offsetSeconds"/> after the phase's start.</summary>
    public double RateAt(double offsetSeconds) =>
        Seconds <= 0 ? FromRate : FromRate + ((ToRate - FromRate) * Math.Clamp(offsetSeconds / Seconds, 0, 1));
}

/// <summary>One journey of the mix and its relative weight.</summary>
public sealed record JourneyWeight(string Name, double Weight);

/// <summary>What the journeys browse and buy.</summary>
/// <param name="ProductPages">Pages of 100 products read before the run; their products are the ones viewed and bought.</param>
/// <param name="ListPages">The list step reads a page from 1 to this.</param>
/// <param name="SearchTerms">The search step picks one of these.</param>
/// <param name="HotProducts">Products with little stock that many checkouts want.</param>
/// <param name="MinPurchasableStock">Products with less stock at the start are only viewed, never bought (except hot ones).</param>
public sealed record CatalogSettings(
    int ProductPages,
    int ListPages,
    IReadOnlyList<string> SearchTerms,
    HotProductSettings HotProducts,
    int MinPurchasableStock);

/// <summary>A few products many buyers want at once, so stock-outs happen.</summary>
/// <param name="Skus">The products, by SKU (the seeded catalog's SKUs never change).</param>
/// <param name="Share">Probability that a checkout's first line is a hot product.</param>
/// <param name="RestockTo">With an admin key, each hot product is restocked to at least this many units before the run.</param>
public sealed record HotProductSettings(IReadOnlyList<string> Skus, double Share, int? RestockTo);

/// <summary>How the checkout journey fills its cart and follows its order.</summary>
/// <param name="MaxLines">A checkout buys 1 to this many different products.</param>
/// <param name="StatusPolls">At most this many order-status reads after a checkout is accepted.</param>
/// <param name="StatusPollInterval">Pause before each order-status read.</param>
public sealed record CheckoutSettings(int MaxLines, int StatusPolls, TimeSpan StatusPollInterval);

/// <summary>The generator's own limits.</summary>
/// <param name="MaxConcurrency">Journeys in flight at most; an arrival beyond it is dropped and counted.</param>
/// <param name="Connections">HTTP connections to the target at most.</param>
/// <param name="RequestTimeout">A request not answered by then is an error.</param>
/// <param name="LateStartThreshold">A journey starting later than this after its scheduled time is a late start.</param>
public sealed record GeneratorLimits(int MaxConcurrency, int Connections, TimeSpan RequestTimeout, TimeSpan LateStartThreshold)
{
    /// <summary>Limits for a scenario file that names none.</summary>
    public static GeneratorLimits Default { get; } = new(2000, 256, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(10));
}

namespace Shop.LoadTest.Engine;

/// <summary>
/// A sequence of requests one virtual user makes per arrival (browse, add to cart, check out). Each request goes
/// through <see cref="JourneyContext.SendAsync"/>, which measures it; a journey stops at its first failed step.
/// </summary>
public interface IJourney
{
    /// <summary>Name in the scenario file and in run.json.</summary>
    string Name { get; }

    ValueTask RunAsync(JourneyContext context);
}

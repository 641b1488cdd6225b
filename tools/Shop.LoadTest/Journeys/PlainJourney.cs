using Shop.LoadTest.Engine;
using Shop.LoadTest.Metrics;

namespace Shop.LoadTest.Journeys;

/// <summary>One GET of a fixed address: the max-rate measurement's whole journey, as cheap as the engine allows.</summary>
public sealed class PlainJourney(Uri address, StepMetrics step) : IJourney
{
    public string Name => "request";

    public async ValueTask RunAsync(JourneyContext context) =>
        await context.SendAsync(step, LoadHttp.Request(HttpMethod.Get, address));
}

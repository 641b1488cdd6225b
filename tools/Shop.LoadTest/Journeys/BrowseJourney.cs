using Shop.LoadTest.Engine;
using Shop.LoadTest.Scenarios;

namespace Shop.LoadTest.Journeys;

/// <summary>An anonymous visitor: a list page (half of the time within a category), a search, a product.</summary>
public sealed class BrowseJourney(ShopJourneyKit kit) : IJourney
{
    public string Name => JourneyNames.Browse;

    public async ValueTask RunAsync(JourneyContext context)
    {
        var catalog = kit.Catalog;
        var list = await context.SendAsync(kit.BrowseList, LoadHttp.Request(HttpMethod.Get, catalog.ListPages[context.NextInt(catalog.ListPages.Count)]));
        if (list.IsError || context.StopRequested)
        {
            return;
        }
        var search = await context.SendAsync(kit.BrowseSearch, LoadHttp.Request(HttpMethod.Get, catalog.Searches[context.NextInt(catalog.Searches.Count)]));
        if (search.IsError || context.StopRequested)
        {
            return;
        }
        await kit.ViewProductAsync(context, kit.AnyBrowsable(context));
    }
}

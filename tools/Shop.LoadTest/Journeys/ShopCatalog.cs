using Shop.LoadTest.Reports;

namespace Shop.LoadTest.Journeys;

/// <summary>A product the journeys may view or buy, with its addresses parsed once.</summary>
public sealed record CatalogProduct(Guid Id, string Sku, int Stock, Uri Details, Uri CartItem);

/// <summary>
/// What the journeys pick from, read from the target before the run: products to view, products with enough stock
/// to buy, the hot products, and the pre-built list and search addresses.
/// </summary>
public sealed class ShopCatalog
{
    public ShopCatalog(
        IReadOnlyList<CatalogProduct> browsable,
        IReadOnlyList<CatalogProduct> purchasable,
        IReadOnlyList<CatalogProduct> hot,
        IReadOnlyList<Uri> listPages,
        IReadOnlyList<Uri> searches,
        IReadOnlyList<HotProductReport> hotReports)
    {
        if (browsable.Count == 0 || purchasable.Count == 0 || listPages.Count == 0 || searches.Count == 0)
        {
            throw new InvalidOperationException(
                $"The target's catalog gave too little to run on: {browsable.Count} products, {purchasable.Count} with enough stock to buy. Is it migrated and seeded?");
        }
        Browsable = browsable;
        Purchasable = purchasable;
        Hot = hot;
        ListPages = listPages;
        Searches = searches;
        HotReports = hotReports;
    }

    public IReadOnlyList<CatalogProduct> Browsable { get; }

    public IReadOnlyList<CatalogProduct> Purchasable { get; }

    public IReadOnlyList<CatalogProduct> Hot { get; }

    /// <summary>List addresses: every page of the configured range, unfiltered and for each category.</summary>
    public IReadOnlyList<Uri> ListPages { get; }

    public IReadOnlyList<Uri> Searches { get; }

    public IReadOnlyList<HotProductReport> HotReports { get; }
}

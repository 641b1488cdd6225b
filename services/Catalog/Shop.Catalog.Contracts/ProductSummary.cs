namespace Shop.Catalog.Contracts;

/// <summary>A product as it appears in a list: enough to show a row and put it in a cart.</summary>
/// <param name="Id">Stable product id.</param>
/// <param name="Sku">Stock keeping unit, unique across the catalog (for example <c>ELC-00001</c>).</param>
/// <param name="Name">Display name.</param>
/// <param name="Category">Slug of the product's category, or <see langword="null"/> when it has none.</param>
/// <param name="Price">Unit price with at most two decimals.</param>
/// <param name="Stock">Units available now.</param>
public sealed record ProductSummary(Guid Id, string Sku, string Name, string? Category, decimal Price, int Stock);

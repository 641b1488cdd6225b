namespace Shop.Catalog.Contracts;

/// <summary>Everything the catalog knows about one product.</summary>
/// <param name="Id">Stable product id.</param>
/// <param name="Sku">Stock keeping unit, unique across the catalog.</param>
/// <param name="Name">Display name.</param>
/// <param name="Category">Slug of the product's category, or <see langword="null"/> when it has none.</param>
/// <param name="Price">Unit price with at most two decimals.</param>
/// <param name="Stock">Units available now.</param>
/// <param name="Description">Longer text for the product page.</param>
/// <param name="CategoryId">Id of the product's category, or <see langword="null"/> when it has none.</param>
public sealed record ProductDetails(
    Guid Id,
    string Sku,
    string Name,
    string? Category,
    decimal Price,
    int Stock,
    string Description,
    Guid? CategoryId);

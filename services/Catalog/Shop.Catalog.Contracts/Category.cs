namespace Shop.Catalog.Contracts;

/// <summary>A product category.</summary>
/// <param name="Id">Stable category id.</param>
/// <param name="Name">Display name.</param>
/// <param name="Slug">URL-safe key, unique across the catalog; used to filter product listings.</param>
/// <param name="ProductCount">Number of products in the category.</param>
public sealed record Category(Guid Id, string Name, string Slug, int ProductCount);

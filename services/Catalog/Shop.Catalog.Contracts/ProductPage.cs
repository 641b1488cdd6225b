namespace Shop.Catalog.Contracts;

/// <summary>One page of a product listing.</summary>
/// <param name="Items">The products on this page, in the listing's stable order.</param>
/// <param name="Page">1-based page number that was asked for.</param>
/// <param name="PageSize">Maximum number of items per page.</param>
/// <param name="Total">Number of products matching the filters across all pages.</param>
public sealed record ProductPage(IReadOnlyList<ProductSummary> Items, int Page, int PageSize, int Total);

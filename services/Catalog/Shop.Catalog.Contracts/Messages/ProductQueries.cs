namespace Shop.Catalog.Contracts.Messages;

/// <summary>
/// Request to the catalog, answered with <see cref="ProductSnapshots"/>: current name, price and stock of some
/// products. Travels over the bus so any catalog replica (or the catalog module of the monolith) can answer it.
/// </summary>
/// <param name="ProductIds">Products to look up; at most 100.</param>
public sealed record GetProductSnapshots(IReadOnlyList<Guid> ProductIds);

/// <summary>What the catalog knows now about the products asked for.</summary>
/// <param name="Products">The products that exist.</param>
/// <param name="MissingProductIds">Ids asked for that name no product.</param>
public sealed record ProductSnapshots(IReadOnlyList<ProductSnapshot> Products, IReadOnlyList<Guid> MissingProductIds);

/// <summary>A product's current name, price and stock.</summary>
/// <param name="ProductId">The product.</param>
/// <param name="Name">Display name.</param>
/// <param name="Price">Current unit price.</param>
/// <param name="Stock">Units available now.</param>
public sealed record ProductSnapshot(Guid ProductId, string Name, decimal Price, int Stock);

namespace Shop.Catalog.Contracts.Messages;

/// <summary>A quantity of one product, as reserved or released for an order.</summary>
/// <param name="ProductId">The product.</param>
/// <param name="Quantity">Units, at least one.</param>
public sealed record StockItem(Guid ProductId, int Quantity);

/// <summary>
/// Command to the catalog: take these units out of stock for an order, all of them or none. Answered with
/// <see cref="StockReserved"/> or <see cref="StockReservationFailed"/>; sending it again for the same order
/// changes nothing.
/// </summary>
/// <param name="OrderId">The order the units are reserved for; at most one reservation per order.</param>
/// <param name="Items">What to reserve.</param>
public sealed record ReserveStock(Guid OrderId, IReadOnlyList<StockItem> Items);

/// <summary>Every unit of the order is reserved: stock went down and cannot be sold twice.</summary>
/// <param name="OrderId">The order.</param>
/// <param name="Items">What was reserved.</param>
public sealed record StockReserved(Guid OrderId, IReadOnlyList<StockItem> Items);

/// <summary>At least one product lacked stock (or does not exist); nothing was reserved for the order.</summary>
/// <param name="OrderId">The order.</param>
/// <param name="UnavailableProductIds">Products that could not be reserved in full.</param>
public sealed record StockReservationFailed(Guid OrderId, IReadOnlyList<Guid> UnavailableProductIds);

/// <summary>Command to the catalog: put back whatever is reserved for the order (after a cancellation).</summary>
/// <param name="OrderId">The order whose reservation is released; releasing twice changes nothing.</param>
public sealed record ReleaseStock(Guid OrderId);

/// <summary>The order's reserved units are back in stock.</summary>
/// <param name="OrderId">The order.</param>
/// <param name="Items">What was released; empty when nothing was reserved.</param>
public sealed record StockReleased(Guid OrderId, IReadOnlyList<StockItem> Items);

/// <summary>An administrator changed a product's price.</summary>
/// <param name="ProductId">The product.</param>
/// <param name="OldPrice">Price before the change.</param>
/// <param name="NewPrice">Price from now on.</param>
/// <param name="ChangedAt">When the change was committed.</param>
public sealed record ProductPriceChanged(Guid ProductId, decimal OldPrice, decimal NewPrice, DateTimeOffset ChangedAt);

namespace Shop.Order.Contracts;

/// <summary>One line of an order, priced when the buyer checked out.</summary>
/// <param name="ProductId">The product.</param>
/// <param name="Name">Product name at checkout, so the order reads the same after a rename.</param>
/// <param name="UnitPrice">Catalog price at checkout.</param>
/// <param name="Quantity">Units, 1 to 100.</param>
public sealed record OrderLine(Guid ProductId, string Name, decimal UnitPrice, int Quantity);

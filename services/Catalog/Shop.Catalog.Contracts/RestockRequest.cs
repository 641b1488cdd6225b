namespace Shop.Catalog.Contracts;

/// <summary>Body of an administrator's restock: units received and added to the product's stock.</summary>
/// <param name="Quantity">Units to add; greater than zero.</param>
public sealed record RestockRequest(int Quantity);

namespace Shop.Catalog.Contracts;

/// <summary>Body of an administrator's price change.</summary>
/// <param name="Price">The new unit price: greater than zero, at most two decimals.</param>
public sealed record ChangePriceRequest(decimal Price);

namespace Shop.Reporting.Contracts;

/// <summary>One product of <c>GET /api/reports/top-products</c>: what confirmed orders bought of it.</summary>
/// <param name="ProductId">The product.</param>
/// <param name="Name">The name it had in its most recent confirmed order.</param>
/// <param name="Quantity">Units sold.</param>
/// <param name="Revenue">Unit price times quantity, summed over its confirmed order lines.</param>
public sealed record ProductSales(Guid ProductId, string Name, long Quantity, decimal Revenue);

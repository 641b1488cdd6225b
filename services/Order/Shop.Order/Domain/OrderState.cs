namespace Shop.Order.Domain;

/// <summary>
/// Where an order is in checkout. Stored by name, so the column reads the same in SQL as in code.
/// <code>
/// Submitted ──stock reserved──▶ StockReserved ──payment approved──▶ Confirmed
///     │                              │
///     └──out of stock──▶ Cancelled ◀─┘ payment declined
/// </code>
/// </summary>
internal enum OrderState
{
    /// <summary>Accepted; the catalog is asked to reserve stock.</summary>
    Submitted,

    /// <summary>Every unit is reserved; payment is under way.</summary>
    StockReserved,

    /// <summary>Paid: the sale happened. Final.</summary>
    Confirmed,

    /// <summary>Out of stock or payment declined; any reserved stock is released. Final.</summary>
    Cancelled,
}

namespace Shop.Catalog.Domain;

/// <summary>
/// Units of one product taken out of stock for one order. The rows of an order are its reservation: they make a
/// second reserve command for the same order a no-op, and they are what a release puts back, exactly once.
/// </summary>
internal sealed class StockReservation
{
    /// <summary>For EF Core.</summary>
    private StockReservation()
    {
    }

    public StockReservation(Guid orderId, Guid productId, int quantity, DateTimeOffset reservedAt)
    {
        if (quantity <= 0)
        {
            throw new CatalogRuleException("quantity", "A reservation holds at least one unit.");
        }
        OrderId = orderId;
        ProductId = productId;
        Quantity = quantity;
        ReservedAt = reservedAt;
    }

    public Guid OrderId { get; private set; }

    public Guid ProductId { get; private set; }

    public int Quantity { get; private set; }

    public DateTimeOffset ReservedAt { get; private set; }

    /// <summary>When the units went back to stock; <see langword="null"/> while they are still reserved.</summary>
    public DateTimeOffset? ReleasedAt { get; private set; }

    public bool IsReleased => ReleasedAt is not null;

    /// <summary>Marks the units as returned. The caller adds them back to the product's stock in the same transaction.</summary>
    public void Release(DateTimeOffset releasedAt)
    {
        if (IsReleased)
        {
            throw new InvalidOperationException($"The reservation of product {ProductId} for order {OrderId} is already released.");
        }
        ReleasedAt = releasedAt;
    }
}

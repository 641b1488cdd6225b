namespace Shop.Order.Domain;

/// <summary>One line of an order: what was bought, at the price the buyer saw at checkout. Never changes.</summary>
internal sealed class OrderItem
{
    public const int MinQuantity = 1;
    public const int MaxQuantity = 100;
    public const int MaxNameLength = 200;

    /// <summary>The catalog's upper bound on a price; anything above it did not come from the catalog.</summary>
    public const decimal MaxUnitPrice = 1_000_000m;

    /// <summary>Prices are cents, never fractions of a cent.</summary>
    public const int PriceDecimals = 2;

    public OrderItem(Guid productId, string name, decimal unitPrice, int quantity)
    {
        if (productId == Guid.Empty || string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength
            || !IsValidUnitPrice(unitPrice) || quantity is < MinQuantity or > MaxQuantity)
        {
            throw new OrderRuleException($"Order line for product {productId} breaks the line rules; validate requests before creating orders.");
        }
        ProductId = productId;
        Name = name;
        UnitPrice = unitPrice;
        Quantity = quantity;
    }

    /// <summary>For EF Core, which reads lines that were validated when they were written.</summary>
    private OrderItem()
    {
        Name = string.Empty;
    }

    public Guid ProductId { get; private set; }

    public string Name { get; private set; }

    public decimal UnitPrice { get; private set; }

    public int Quantity { get; private set; }

    public decimal LineTotal => UnitPrice * Quantity;

    public static bool IsValidUnitPrice(decimal unitPrice) =>
        unitPrice > 0 && unitPrice <= MaxUnitPrice && decimal.Round(unitPrice, PriceDecimals) == unitPrice;
}

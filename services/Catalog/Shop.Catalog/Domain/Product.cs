namespace Shop.Catalog.Domain;

/// <summary>
/// A sellable item. Price and stock change only through methods that enforce the catalog's rules, so an invalid
/// product cannot be saved; the database repeats the two most important rules as check constraints for writers
/// that bypass this class, such as plain-SQL stock updates.
/// </summary>
internal sealed class Product
{
    public const int MaxSkuLength = 32;
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 2000;

    /// <summary>Anything above this is far more likely a typo (an extra zero, cents typed as units) than a real price.</summary>
    public const decimal MaxPrice = 1_000_000m;

    /// <summary>Prices are stored as numeric(10, 2): cents, never fractions of a cent.</summary>
    public const int PriceDecimals = 2;

    /// <summary>Upper bound of one restock; larger numbers are typing mistakes, not deliveries.</summary>
    public const int MaxRestockQuantity = 100_000;

    /// <summary>Keeps stock far from <see cref="int.MaxValue"/>, so additions can never overflow.</summary>
    public const int MaxStock = 10_000_000;

    /// <summary>For EF Core: rows it reads were validated when they were written, and rules may tighten later.</summary>
    private Product()
    {
        Sku = Name = Description = string.Empty;
    }

    public Product(
        Guid id,
        string sku,
        string name,
        string description,
        Guid? categoryId,
        decimal price,
        int stock,
        DateTimeOffset updatedAt)
    {
        if (id == Guid.Empty)
        {
            throw new CatalogRuleException("id", "A product needs an id.");
        }
        if (stock is < 0 or > MaxStock)
        {
            throw new CatalogRuleException("stock", $"Stock must be between 0 and {MaxStock}.");
        }
        EnsureValidPrice(price);
        Id = id;
        Sku = Category.RequireText(sku, "sku", MaxSkuLength);
        Name = Category.RequireText(name, "name", MaxNameLength);
        Description = description.Length <= MaxDescriptionLength
            ? description
            : throw new CatalogRuleException("description", $"The description must be at most {MaxDescriptionLength} characters long.");
        CategoryId = categoryId;
        Price = price;
        Stock = stock;
        UpdatedAt = updatedAt;
    }

    public Guid Id { get; private set; }

    public string Sku { get; private set; }

    public string Name { get; private set; }

    public string Description { get; private set; }

    public Guid? CategoryId { get; private set; }

    public Category? Category { get; private set; }

    public decimal Price { get; private set; }

    public int Stock { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>
    /// Optimistic concurrency token, mapped to PostgreSQL's <c>xmin</c>: every update of the row changes it,
    /// including updates made with plain SQL, so no writer can silently overwrite another.
    /// </summary>
    public uint Version { get; private set; }

    public void ChangePrice(decimal price, DateTimeOffset changedAt)
    {
        EnsureValidPrice(price);
        Price = price;
        UpdatedAt = changedAt;
    }

    public void Restock(int quantity, DateTimeOffset restockedAt)
    {
        if (quantity <= 0)
        {
            throw new CatalogRuleException("quantity", "Quantity must be greater than zero.");
        }
        if (quantity > MaxRestockQuantity)
        {
            throw new CatalogRuleException("quantity", $"Quantity must be at most {MaxRestockQuantity} per restock.");
        }
        if (Stock + quantity > MaxStock)
        {
            throw new CatalogRuleException("quantity", $"Stock would exceed {MaxStock} units; it is {Stock} now.");
        }
        Stock += quantity;
        UpdatedAt = restockedAt;
    }

    private static void EnsureValidPrice(decimal price)
    {
        if (price <= 0)
        {
            throw new CatalogRuleException("price", "Price must be greater than zero.");
        }
        if (price > MaxPrice)
        {
            throw new CatalogRuleException("price", $"Price must be at most {MaxPrice}.");
        }
        if (decimal.Round(price, PriceDecimals) != price)
        {
            throw new CatalogRuleException("price", $"Price must have at most {PriceDecimals} decimals.");
        }
    }
}

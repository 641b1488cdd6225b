using Shop.Catalog.Domain;

namespace Shop.Catalog.Tests.Domain;

public sealed class ProductTests
{
    private static readonly DateTimeOffset Created = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Later = Created.AddHours(1);

    private static Product NewProduct(decimal price = 10.00m, int stock = 5) =>
        new(Guid.NewGuid(), "TST-00001", "Test product", "Description", null, price, stock, Created);

    [Fact]
    public void ChangePrice_ValidPrice_UpdatesPriceAndTimestamp()
    {
        var product = NewProduct();

        product.ChangePrice(24.99m, Later);

        Assert.Equal(24.99m, product.Price);
        Assert.Equal(Later, product.UpdatedAt);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0.01")]
    [InlineData("-10")]
    public void ChangePrice_NotPositive_ThrowsAndKeepsPrice(string price)
    {
        var product = NewProduct(price: 10.00m);

        var rule = Assert.Throws<CatalogRuleException>(() => product.ChangePrice(decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture), Later));

        Assert.Equal("price", rule.Field);
        Assert.Equal(10.00m, product.Price);
        Assert.Equal(Created, product.UpdatedAt);
    }

    [Theory]
    [InlineData("19.999")]
    [InlineData("0.001")]
    public void ChangePrice_MoreThanTwoDecimals_Throws(string price)
    {
        var product = NewProduct();

        var rule = Assert.Throws<CatalogRuleException>(() => product.ChangePrice(decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture), Later));

        Assert.Equal("price", rule.Field);
    }

    [Fact]
    public void ChangePrice_TrailingZeroDecimals_IsAccepted()
    {
        var product = NewProduct();

        product.ChangePrice(19.990m, Later);

        Assert.Equal(19.99m, product.Price);
    }

    [Fact]
    public void ChangePrice_AboveMaximum_Throws()
    {
        var product = NewProduct();

        Assert.Throws<CatalogRuleException>(() => product.ChangePrice(Product.MaxPrice + 0.01m, Later));
        product.ChangePrice(Product.MaxPrice, Later);
        Assert.Equal(Product.MaxPrice, product.Price);
    }

    [Fact]
    public void Restock_PositiveQuantity_AddsToStockAndUpdatesTimestamp()
    {
        var product = NewProduct(stock: 5);

        product.Restock(7, Later);

        Assert.Equal(12, product.Stock);
        Assert.Equal(Later, product.UpdatedAt);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(Product.MaxRestockQuantity + 1)]
    [InlineData(int.MaxValue)]
    public void Restock_QuantityOutOfRange_ThrowsAndKeepsStock(int quantity)
    {
        var product = NewProduct(stock: 5);

        var rule = Assert.Throws<CatalogRuleException>(() => product.Restock(quantity, Later));

        Assert.Equal("quantity", rule.Field);
        Assert.Equal(5, product.Stock);
    }

    [Fact]
    public void Restock_BeyondMaximumStock_ThrowsAndKeepsStock()
    {
        var product = NewProduct(stock: Product.MaxStock - 10);

        Assert.Throws<CatalogRuleException>(() => product.Restock(11, Later));

        Assert.Equal(Product.MaxStock - 10, product.Stock);
        product.Restock(10, Later);
        Assert.Equal(Product.MaxStock, product.Stock);
    }

    [Theory]
    [InlineData("", "Name")]
    [InlineData("   ", "Name")]
    [InlineData("SKU-1", "")]
    public void Constructor_MissingSkuOrName_Throws(string sku, string name)
    {
        Assert.Throws<CatalogRuleException>(() =>
            new Product(Guid.NewGuid(), sku, name, "Description", null, 1m, 0, Created));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(Product.MaxStock + 1)]
    public void Constructor_StockOutOfRange_Throws(int stock)
    {
        var rule = Assert.Throws<CatalogRuleException>(() =>
            new Product(Guid.NewGuid(), "SKU-1", "Name", "Description", null, 1m, stock, Created));

        Assert.Equal("stock", rule.Field);
    }

    [Fact]
    public void Constructor_InvalidPrice_Throws()
    {
        Assert.Throws<CatalogRuleException>(() =>
            new Product(Guid.NewGuid(), "SKU-1", "Name", "Description", null, 0m, 1, Created));
    }
}

using Shop.Catalog.Seeding;

namespace Shop.Catalog.Tests.Seeding;

public sealed class CatalogSeedTests
{
    private static readonly DateTimeOffset SeededAt = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Generate_CalledTwice_ProducesIdenticalCatalogs()
    {
        var first = CatalogSeed.Generate(SeededAt);
        var second = CatalogSeed.Generate(SeededAt);

        Assert.Equal(
            first.Categories.Select(c => (c.Id, c.Name, c.Slug)),
            second.Categories.Select(c => (c.Id, c.Name, c.Slug)));
        Assert.Equal(
            first.Products.Select(p => (p.Id, p.Sku, p.Name, p.Description, p.CategoryId, p.Price, p.Stock)),
            second.Products.Select(p => (p.Id, p.Sku, p.Name, p.Description, p.CategoryId, p.Price, p.Stock)));
    }

    [Fact]
    public void Generate_Always_Makes20CategoriesOf500Products()
    {
        var seed = CatalogSeed.Generate(SeededAt);

        Assert.Equal(20, seed.Categories.Count);
        Assert.Equal(10_000, seed.Products.Count);
        Assert.Equal(10_000, CatalogSeed.ProductCount);
        Assert.All(seed.Products.GroupBy(p => p.CategoryId), group => Assert.Equal(500, group.Count()));
        Assert.Equal(seed.Categories.Select(c => c.Id).Order(), seed.Products.Select(p => p.CategoryId!.Value).Distinct().Order());
    }

    [Fact]
    public void Generate_Always_GivesUniqueIdsSkusSlugsAndNamesPerCategory()
    {
        var seed = CatalogSeed.Generate(SeededAt);

        Assert.Equal(seed.Products.Count, seed.Products.Select(p => p.Id).Distinct().Count());
        Assert.Equal(seed.Products.Count, seed.Products.Select(p => p.Sku).Distinct().Count());
        Assert.Equal(seed.Categories.Count, seed.Categories.Select(c => c.Slug).Distinct().Count());
        Assert.Equal(seed.Categories.Count, seed.Categories.Select(c => c.Id).Distinct().Count());
        Assert.All(seed.Products.GroupBy(p => p.CategoryId), group => Assert.Equal(group.Count(), group.Select(p => p.Name).Distinct().Count()));
    }

    [Fact]
    public void Generate_Always_DerivesIdsFromSkusAndSlugs()
    {
        var seed = CatalogSeed.Generate(SeededAt);

        Assert.All(seed.Products, p => Assert.Equal(CatalogSeed.ProductId(p.Sku), p.Id));
        Assert.All(seed.Categories, c => Assert.Equal(CatalogSeed.CategoryId(c.Slug), c.Id));
        Assert.Contains(seed.Products, p => p.Sku == "ELC-00001");
        Assert.Contains(seed.Products, p => p.Sku == "GRO-00500");
    }

    [Fact]
    public void Generate_Always_KeepsPricesAndStockWithinEachCategorysRange()
    {
        var seed = CatalogSeed.Generate(SeededAt);
        var templates = SeedCategories.All.ToDictionary(t => CatalogSeed.CategoryId(t.Slug));

        Assert.All(seed.Products, p =>
        {
            var template = templates[p.CategoryId!.Value];
            Assert.InRange(p.Price, template.MinPrice, template.MaxPrice);
            Assert.Equal(decimal.Round(p.Price, 2), p.Price);
            Assert.InRange(p.Stock, 0, template.MaxStock);
            Assert.StartsWith(template.SkuPrefix + "-", p.Sku, StringComparison.Ordinal);
        });
        // Some products are sold out, as in a real shop, so stock-related paths get exercised.
        Assert.InRange(seed.Products.Count(p => p.Stock == 0), 200, 800);
    }

    [Fact]
    public void Generate_KnownProduct_MatchesPinnedValues()
    {
        // Pinned: load tests and docs refer to seeded products; a change here changes the demo catalog for everyone.
        var product = Assert.Single(CatalogSeed.Generate(SeededAt).Products, p => p.Sku == "ELC-00186");

        Assert.Equal(new Guid("8e681244-a5de-8282-8050-7a8ddb443090"), product.Id);
        Assert.Equal("Voltix Wireless Action Camera, Black", product.Name);
        Assert.Equal(113.99m, product.Price);
        Assert.Equal(227, product.Stock);
    }

    [Fact]
    public void SeedCategories_Always_CanNameEnoughProducts() =>
        Assert.All(SeedCategories.All, t => Assert.True(t.DistinctNames >= CatalogSeed.ProductsPerCategory, t.Slug));
}

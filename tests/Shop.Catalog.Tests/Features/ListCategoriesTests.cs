using System.Net.Http.Json;
using Shop.Catalog.Tests.Infrastructure;
using CategoryResponse = Shop.Catalog.Contracts.Category;

namespace Shop.Catalog.Tests.Features;

public sealed class ListCategoriesTests(CatalogAppFixture app) : IClassFixture<CatalogAppFixture>
{
    [Fact]
    public async Task List_SeededCatalog_Returns20CategoriesOrderedByNameWithCounts()
    {
        using var client = app.CreateClient();

        var categories = await client.GetFromJsonAsync<List<CategoryResponse>>("/api/catalog/categories");

        Assert.NotNull(categories);
        Assert.Equal(20, categories.Count);
        Assert.Equal(categories.Select(c => c.Name).Order(StringComparer.Ordinal), categories.Select(c => c.Name));
        Assert.All(categories, c => Assert.Equal(500, c.ProductCount));
        Assert.Contains(categories, c => c.Slug == "electronics" && c.Name == "Electronics");
    }
}

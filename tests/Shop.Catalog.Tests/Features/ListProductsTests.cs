using System.Net;
using System.Net.Http.Json;
using Shop.Catalog.Contracts;
using Shop.Catalog.Tests.Infrastructure;

namespace Shop.Catalog.Tests.Features;

/// <summary>Read-only: these tests look at the seeded catalog and change nothing.</summary>
public sealed class ListProductsTests(CatalogAppFixture app) : IClassFixture<CatalogAppFixture>
{
    private async Task<ProductPage> GetPageAsync(string query)
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync($"/api/catalog/products{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadFromJsonAsync<ProductPage>();
        Assert.NotNull(page);
        return page;
    }

    [Fact]
    public async Task List_NoParameters_ReturnsFirstPageOf20AndTotal()
    {
        var page = await GetPageAsync("");

        Assert.Equal(1, page.Page);
        Assert.Equal(20, page.PageSize);
        Assert.Equal(10_000, page.Total);
        Assert.Equal(20, page.Items.Count);
    }

    [Fact]
    public async Task List_ConsecutivePages_AreDisjointAndOrderedByNameThenId()
    {
        var pages = new List<ProductSummary>();
        for (var number = 1; number <= 3; number++)
        {
            var page = await GetPageAsync($"?page={number}&pageSize=100");
            Assert.Equal(100, page.Items.Count);
            pages.AddRange(page.Items);
        }

        Assert.Equal(300, pages.Select(p => p.Id).Distinct().Count());
        var expected = pages.OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Id.ToString("D"), StringComparer.Ordinal);
        Assert.Equal(expected.Select(p => p.Id), pages.Select(p => p.Id));
    }

    [Fact]
    public async Task List_SameRequestTwice_ReturnsSameOrder()
    {
        var first = await GetPageAsync("?page=7&pageSize=50");
        var second = await GetPageAsync("?page=7&pageSize=50");

        Assert.Equal(first.Items.Select(p => p.Id), second.Items.Select(p => p.Id));
    }

    [Fact]
    public async Task List_LastAndBeyondLastPage_ReturnPartialAndEmptyItems()
    {
        var last = await GetPageAsync("?page=334&pageSize=30");
        var beyond = await GetPageAsync("?page=335&pageSize=30");

        Assert.Equal(10, last.Items.Count);
        Assert.Empty(beyond.Items);
        Assert.Equal(10_000, beyond.Total);
    }

    [Theory]
    [InlineData("?pageSize=101", "pageSize")]
    [InlineData("?pageSize=0", "pageSize")]
    [InlineData("?pageSize=-5", "pageSize")]
    [InlineData("?page=0", "page")]
    [InlineData("?page=-1", "page")]
    [InlineData("?page=1000001", "page")]
    [InlineData("?category=Not%20A%20Slug", "category")]
    public async Task List_InvalidParameter_Returns400ValidationProblem(string query, string field)
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync($"/api/catalog/products{query}");

        await ProblemAssert.IsValidationProblemAsync(response, field);
    }

    [Theory]
    [InlineData("?page=abc")]
    [InlineData("?pageSize=1.5")]
    [InlineData("?pageSize=99999999999")]
    public async Task List_NonIntegerPaging_Returns400Problem(string query)
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync($"/api/catalog/products{query}");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task List_SearchTooLong_Returns400ValidationProblem()
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync($"/api/catalog/products?q={new string('a', 101)}");

        await ProblemAssert.IsValidationProblemAsync(response, "q");
    }

    [Theory]
    [InlineData("%00")]
    [InlineData("phone%00")]
    [InlineData("%01")]
    [InlineData("a%1Fb")]
    [InlineData("%7F")]
    [InlineData("a%C2%85b")]
    public async Task List_SearchWithControlCharacter_Returns400ValidationProblemNamingQ(string search)
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync($"/api/catalog/products?q={search}");

        await ProblemAssert.IsValidationProblemAsync(response, "q");
    }

    [Fact]
    public async Task List_CategoryFilter_ReturnsOnlyThatCategory()
    {
        var page = await GetPageAsync("?category=electronics&pageSize=100");

        Assert.Equal(500, page.Total);
        Assert.All(page.Items, p => Assert.Equal("electronics", p.Category));
        Assert.All(page.Items, p => Assert.StartsWith("ELC-", p.Sku, StringComparison.Ordinal));
    }

    [Fact]
    public async Task List_UnknownCategory_ReturnsEmptyPage()
    {
        var page = await GetPageAsync("?category=no-such-category");

        Assert.Equal(0, page.Total);
        Assert.Empty(page.Items);
    }

    [Fact]
    public async Task List_SearchInAnyCase_MatchesNames()
    {
        var page = await GetPageAsync("?q=vOlTiX%20WIRELESS&pageSize=100");

        Assert.InRange(page.Total, 1, 100);
        Assert.All(page.Items, p => Assert.Contains("Voltix Wireless", p.Name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task List_SearchSkuFragment_MatchesSkus()
    {
        var page = await GetPageAsync("?q=elc-0000");

        Assert.Equal(9, page.Total);
        Assert.Equal(
            Enumerable.Range(1, 9).Select(n => $"ELC-0000{n}").Order(StringComparer.Ordinal),
            page.Items.Select(p => p.Sku).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task List_SearchAndCategory_ApplyBothFilters()
    {
        var everywhere = await GetPageAsync("?q=black&pageSize=100");
        var inFurniture = await GetPageAsync("?q=black&category=furniture&pageSize=100");

        Assert.True(inFurniture.Total > 0);
        Assert.True(inFurniture.Total < everywhere.Total);
        Assert.All(inFurniture.Items, p =>
        {
            Assert.Equal("furniture", p.Category);
            Assert.Contains("black", p.Name, StringComparison.OrdinalIgnoreCase);
        });
    }

    [Theory]
    [InlineData("%")]
    [InlineData("_")]
    [InlineData("\\")]
    public async Task List_SearchWithLikeWildcard_MatchesItLiterally(string wildcard)
    {
        var page = await GetPageAsync($"?q={Uri.EscapeDataString(wildcard)}");

        Assert.Equal(0, page.Total);
    }
}

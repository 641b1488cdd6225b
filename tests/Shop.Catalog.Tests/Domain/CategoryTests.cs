using Shop.Catalog.Domain;

namespace Shop.Catalog.Tests.Domain;

public sealed class CategoryTests
{
    [Theory]
    [InlineData("electronics")]
    [InlineData("phones-accessories")]
    [InlineData("3d-printing")]
    public void IsValidSlug_CanonicalSlug_ReturnsTrue(string slug) => Assert.True(Category.IsValidSlug(slug));

    [Theory]
    [InlineData("")]
    [InlineData("Electronics")]
    [InlineData("-electronics")]
    [InlineData("electronics-")]
    [InlineData("home--decor")]
    [InlineData("home decor")]
    [InlineData("home_decor")]
    [InlineData("électronique")]
    public void IsValidSlug_NonCanonicalSlug_ReturnsFalse(string slug) => Assert.False(Category.IsValidSlug(slug));

    [Fact]
    public void IsValidSlug_LongerThanMaximum_ReturnsFalse() =>
        Assert.False(Category.IsValidSlug(new string('a', Category.MaxSlugLength + 1)));

    [Fact]
    public void Constructor_InvalidSlug_Throws()
    {
        var rule = Assert.Throws<CatalogRuleException>(() => new Category(Guid.NewGuid(), "Electronics", "Electronics"));

        Assert.Equal("slug", rule.Field);
    }
}

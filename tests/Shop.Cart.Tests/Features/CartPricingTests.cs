using Shop.Cart.Contracts;
using Shop.Cart.Features.Shared;
using Shop.Catalog.Contracts.Messages;

namespace Shop.Cart.Tests.Features;

public sealed class CartPricingTests
{
    [Fact]
    public void Price_KnownProducts_UsesCatalogNamesAndPricesOrderedByName()
    {
        var (pear, apple) = (Guid.NewGuid(), Guid.NewGuid());
        var cart = new Dictionary<Guid, int> { [pear] = 2, [apple] = 3 };
        var snapshots = new ProductSnapshots([new ProductSnapshot(pear, "Pear", 1.10m, 0), new ProductSnapshot(apple, "Apple", 0.25m, 9)], []);

        var priced = CartPricing.Price(cart, snapshots);

        Assert.Equal([new CartItemView(apple, "Apple", 0.25m, 3), new CartItemView(pear, "Pear", 1.10m, 2)], priced.Lines);
        Assert.Equal(2.95m, priced.Total);
        Assert.Empty(priced.Discontinued);
    }

    [Fact]
    public void Price_MissingProduct_IsDiscontinued()
    {
        var (kept, gone) = (Guid.NewGuid(), Guid.NewGuid());
        var cart = new Dictionary<Guid, int> { [kept] = 1, [gone] = 1 };

        var priced = CartPricing.Price(cart, new ProductSnapshots([new ProductSnapshot(kept, "Kept", 2m, 1)], [gone]));

        Assert.Equal([kept], priced.Lines.Select(l => l.ProductId));
        Assert.Equal([gone], priced.Discontinued);
    }

    [Fact]
    public void Price_ProductNeitherFoundNorMissing_IsLeftOutButNotDiscontinued()
    {
        var unanswered = Guid.NewGuid();

        var priced = CartPricing.Price(new Dictionary<Guid, int> { [unanswered] = 1 }, new ProductSnapshots([], []));

        Assert.Empty(priced.Lines);
        Assert.Empty(priced.Discontinued);
    }
}

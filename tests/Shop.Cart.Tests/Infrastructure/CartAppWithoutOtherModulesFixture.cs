namespace Shop.Cart.Tests.Infrastructure;

/// <summary>
/// A cart host on a virtual host where no catalog or order module runs: every request to them goes unanswered, as when
/// they are down or overloaded.
/// </summary>
public sealed class CartAppWithoutOtherModulesFixture : CartAppFixture
{
    protected override bool WithOtherModules => false;

    protected override IReadOnlyDictionary<string, string> CartSettings { get; } = new Dictionary<string, string>
    {
        ["Cart:CatalogTimeout"] = "00:00:01",
        ["Cart:CheckoutTimeout"] = "00:00:01",
    };
}

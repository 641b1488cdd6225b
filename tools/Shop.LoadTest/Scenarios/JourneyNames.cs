namespace Shop.LoadTest.Scenarios;

/// <summary>The journeys a scenario file may name.</summary>
public static class JourneyNames
{
    /// <summary>List a page, search, view a product; no account needed.</summary>
    public const string Browse = "browse";

    /// <summary>Sign in, view a product, put one or two in the cart, look at the cart, leave.</summary>
    public const string AddToCart = "add-to-cart";

    /// <summary>Sign in, empty the cart, fill it, check out with an Idempotency-Key, follow the order's status.</summary>
    public const string Checkout = "checkout";

    /// <summary>Every name a scenario may use.</summary>
    public static IReadOnlyList<string> All { get; } = [Browse, AddToCart, Checkout];
}

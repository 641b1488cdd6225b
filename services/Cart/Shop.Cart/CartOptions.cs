namespace Shop.Cart;

/// <summary>Cart settings, bound from the <c>Cart</c> section.</summary>
internal sealed class CartOptions
{
    public const string SectionName = "Cart";

    /// <summary>
    /// Prepended to every Redis key of the module. Lets hosts (and test runs) share one Redis without seeing each
    /// other's carts.
    /// </summary>
    public string KeyPrefix { get; set; } = "cart:";

    /// <summary>
    /// A cart nobody reads or changes for this long disappears. Every read and every change by the buyer starts the
    /// period again; removals by an order confirmation do not, because they are not the buyer's activity.
    /// </summary>
    public TimeSpan IdleExpiry { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Distinct products one cart may hold; one more is refused with 409.</summary>
    public int MaxLines { get; set; } = 50;

    /// <summary>How long to wait for a catalog replica to answer a price lookup before answering 503.</summary>
    public TimeSpan CatalogTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long to wait for the order module to accept a checkout before answering 503.</summary>
    public TimeSpan CheckoutTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long the priced order of a checkout is kept under its idempotency key, so a retry with that key sends the
    /// very same order even after the cart changed or was emptied by the confirmation.
    /// </summary>
    public TimeSpan CheckoutRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long an order whose <c>OrderConfirmed</c> was applied to a cart is remembered, so a redelivered copy changes
    /// nothing. Must exceed the longest time a message can wait in a queue or be republished by the order module's
    /// outbox (the same bound as <c>Messaging:Outbox:InboxRetention</c>).
    /// </summary>
    public TimeSpan ConfirmedOrderRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long a best-effort <c>CartItemAdded</c> may delay the answer to the buyer before it is given up.</summary>
    public TimeSpan EventPublishTimeout { get; set; } = TimeSpan.FromSeconds(2);

    public bool IsValid() =>
        !string.IsNullOrWhiteSpace(KeyPrefix)
        && IdleExpiry > TimeSpan.Zero
        && MaxLines is > 0 and <= CartRules.MaxLinesLimit
        && CatalogTimeout > TimeSpan.Zero
        && CheckoutTimeout > TimeSpan.Zero
        && CheckoutRetention > TimeSpan.Zero
        && ConfirmedOrderRetention > TimeSpan.Zero
        && EventPublishTimeout > TimeSpan.Zero;

    public static string ValidationMessage { get; } =
        $"{SectionName} needs a KeyPrefix, positive durations and a MaxLines between 1 and {CartRules.MaxLinesLimit}.";
}

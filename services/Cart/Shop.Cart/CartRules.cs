namespace Shop.Cart;

/// <summary>The limits a cart line obeys, shared by the endpoints, the store and the checkout.</summary>
internal static class CartRules
{
    /// <summary>Most units of one product in a cart (and in an order line, see <c>OrderLine</c>).</summary>
    public const int MaxQuantity = 100;

    /// <summary>
    /// Upper bound for <see cref="CartOptions.MaxLines"/>: one <c>GetProductSnapshots</c> request asks for at most 100
    /// products, and a cart is priced with one request.
    /// </summary>
    public const int MaxLinesLimit = 100;
}

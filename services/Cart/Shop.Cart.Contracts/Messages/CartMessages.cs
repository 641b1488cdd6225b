namespace Shop.Cart.Contracts.Messages;

/// <summary>
/// A buyer put a product in the cart that was not in it before: the "added to cart" step of the sales funnel.
/// Published best effort after the cart is saved, so a broker outage can lose some of them; it feeds statistics,
/// never state. Changing the quantity of a line that is already in the cart publishes nothing.
/// </summary>
/// <param name="BuyerId">The buyer (the JWT subject).</param>
/// <param name="ProductId">The product added.</param>
/// <param name="Quantity">Units put in the cart, 1 to 100.</param>
/// <param name="UnitPrice">The catalog price when the product was added.</param>
/// <param name="AddedAt">When the cart was saved.</param>
public sealed record CartItemAdded(string BuyerId, Guid ProductId, int Quantity, decimal UnitPrice, DateTimeOffset AddedAt);

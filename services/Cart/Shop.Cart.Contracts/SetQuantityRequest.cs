namespace Shop.Cart.Contracts;

/// <summary>Body of <c>PUT /api/cart/items/{productId}</c>: how many units of the product the cart should hold.</summary>
/// <param name="Quantity">
/// Required. 1 to 100 sets the line to that many units (adding it if needed); 0 removes the line. Nullable only so that
/// a body without it is refused instead of being read as 0.
/// </param>
public sealed record SetQuantityRequest(int? Quantity);

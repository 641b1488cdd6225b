namespace Shop.Cart.Contracts;

/// <summary>A buyer's cart as <c>GET /api/cart</c> shows it, priced with the catalog's current names and prices.</summary>
/// <param name="Items">The lines, ordered by product name then id; empty when the cart is empty.</param>
/// <param name="Total">Sum of unit price times quantity over <paramref name="Items"/>.</param>
public sealed record CartView(IReadOnlyList<CartItemView> Items, decimal Total);

/// <summary>One line of a cart.</summary>
/// <param name="ProductId">The product.</param>
/// <param name="Name">The product's current name in the catalog.</param>
/// <param name="UnitPrice">The product's current catalog price; checkout charges the price current at checkout.</param>
/// <param name="Quantity">Units, 1 to 100.</param>
public sealed record CartItemView(Guid ProductId, string Name, decimal UnitPrice, int Quantity);

using Shop.Cart.Contracts;
using Shop.Catalog.Contracts.Messages;

namespace Shop.Cart.Features.Shared;

/// <param name="Lines">Lines of products the catalog still has, priced now, ordered by name then id.</param>
/// <param name="Discontinued">Products in the cart that the catalog no longer has.</param>
internal sealed record PricedCart(IReadOnlyList<CartItemView> Lines, IReadOnlyList<Guid> Discontinued)
{
    public decimal Total => Lines.Sum(line => line.UnitPrice * line.Quantity);

    public CartView ToView() => new(Lines, Total);
}

/// <summary>Puts the catalog's current names and prices on a cart's lines.</summary>
internal static class CartPricing
{
    public static PricedCart Price(IReadOnlyDictionary<Guid, int> cart, ProductSnapshots snapshots)
    {
        var products = snapshots.Products.ToDictionary(p => p.ProductId);
        var lines = new List<CartItemView>(cart.Count);
        foreach (var (productId, quantity) in cart)
        {
            // A product the catalog neither found nor declared missing (an incomplete answer) is left out of this
            // answer but kept in the cart: only a definite "no such product" removes a line.
            if (products.TryGetValue(productId, out var product))
            {
                lines.Add(new CartItemView(productId, product.Name, product.Price, quantity));
            }
        }
        lines.Sort(static (a, b) =>
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : a.ProductId.CompareTo(b.ProductId);
        });
        var discontinued = snapshots.MissingProductIds.Where(cart.ContainsKey).Distinct().ToList();
        return new PricedCart(lines, discontinued);
    }
}

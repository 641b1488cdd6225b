using System.Globalization;

namespace Shop.LoadTest.Journeys;

/// <summary>
/// Shop's public routes under a base address. The fixed ones are parsed once, so the journeys' hot path builds no
/// URL strings; per-product addresses live on <see cref="CatalogProduct"/>.
/// </summary>
public sealed class ShopRoutes
{
    private readonly Uri _base;

    public ShopRoutes(Uri target)
    {
        _base = target;
        Token = new Uri(target, "api/auth/token");
        Categories = new Uri(target, "api/catalog/categories");
        Cart = new Uri(target, "api/cart");
        Checkout = new Uri(target, "api/cart/checkout");
    }

    public Uri Token { get; }

    public Uri Categories { get; }

    public Uri Cart { get; }

    public Uri Checkout { get; }

    public Uri ProductPage(int page, int pageSize, string? category = null, string? search = null)
    {
        var query = string.Create(CultureInfo.InvariantCulture, $"api/catalog/products?page={page}&pageSize={pageSize}");
        if (category is not null)
        {
            query += "&category=" + Uri.EscapeDataString(category);
        }
        if (search is not null)
        {
            query += "&q=" + Uri.EscapeDataString(search);
        }
        return new Uri(_base, query);
    }

    public Uri Product(Guid id) => new(_base, "api/catalog/products/" + id.ToString("D"));

    public Uri Restock(Guid id) => new(_base, $"api/catalog/products/{id:D}/stock");

    public Uri CartItem(Guid id) => new(_base, "api/cart/items/" + id.ToString("D"));

    public Uri Order(Guid id) => new(_base, "api/orders/" + id.ToString("D"));
}

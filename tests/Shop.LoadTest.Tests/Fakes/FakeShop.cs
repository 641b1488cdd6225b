using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Shop.LoadTest.Tests.Fakes;

/// <summary>
/// Shop's public API, faked on in-process Kestrel at 127.0.0.1: enough behaviour for every journey (tokens, a
/// catalog with one scarce hot product, carts, idempotent checkouts, orders that go Pending → Confirmed, or
/// Cancelled out-of-stock once the hot product is sold out). It also records what the generator sent, so tests can
/// check the requests themselves.
/// </summary>
public sealed class FakeShop : IAsyncDisposable
{
    public const string HotSku = "HOT-00001";
    public const string AdminKey = "fake-admin-key";
    private const string AdminToken = "token-admin";
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Guid, int>> _carts = new();
    private readonly ConcurrentDictionary<(string Buyer, string Key), Guid> _orderIds = new();
    private readonly ConcurrentDictionary<Guid, FakeOrder> _orders = new();
    private readonly Lock _stockLock = new();
    private readonly List<Product> _products;
    private int _hotStock;
    private int _unavailable;

    private FakeShop(WebApplication app, int hotStock, int unavailable)
    {
        _unavailable = unavailable;
        _app = app;
        _hotStock = hotStock;
        _products = [.. Enumerable.Range(1, 150).Select(i => new Product(Guid.NewGuid(), $"REG-{i:D5}", 1000))];
        _products.Add(new Product(Guid.NewGuid(), HotSku, hotStock));
    }

    public Uri BaseAddress { get; private set; } = null!;

    public ConcurrentBag<string> CheckoutsWithoutKey { get; } = [];

    public ConcurrentBag<string> UnauthorizedRequests { get; } = [];

    public int Restocked { get; private set; }

    public int HotStock => Volatile.Read(ref _hotStock);

    public Guid HotProductId => _products[^1].Id;

    /// <param name="hotStock">Units of the hot product.</param>
    /// <param name="unavailable">The first requests answered 503, as a gateway that has just started does.</param>
    public static async Task<FakeShop> StartAsync(int hotStock = 2, int unavailable = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var shop = new FakeShop(app, hotStock, unavailable);
        app.Use(async (context, next) =>
        {
            if (Interlocked.Decrement(ref shop._unavailable) >= 0)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }
            await next(context);
        });
        shop.Map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        shop.BaseAddress = new Uri(address + "/");
        return shop;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private void Map(WebApplication app)
    {
        app.MapGet("/plain", () => Results.Text("{\"ok\":true}", "application/json"));
        app.MapPost("/api/auth/token", (TokenRequest request) =>
            request.AdminKey is null ? Results.Ok(new { accessToken = "token-" + request.BuyerId, tokenType = "Bearer", expiresIn = 3600 })
            : request.AdminKey == AdminKey ? Results.Ok(new { accessToken = AdminToken, tokenType = "Bearer", expiresIn = 3600 })
            : Results.Unauthorized());
        app.MapGet("/api/catalog/categories", () => new[] { new { id = Guid.NewGuid(), name = "Regular", slug = "regular" } });
        app.MapGet("/api/catalog/products", (int? page, int? pageSize, string? q) =>
        {
            var size = pageSize ?? 20;
            var matching = q is null ? _products : [.. _products.Where(p => p.Sku.Contains(q, StringComparison.OrdinalIgnoreCase))];
            var items = matching.Skip(((page ?? 1) - 1) * size).Take(size).Select(View).ToList();
            return Results.Ok(new { items, page = page ?? 1, pageSize = size, total = matching.Count });
        });
        app.MapGet("/api/catalog/products/{id:guid}", (Guid id) => _products.Find(p => p.Id == id) is { } p ? Results.Ok(View(p)) : Results.NotFound());
        app.MapPost("/api/catalog/products/{id:guid}/stock", (Guid id, RestockRequest request, HttpContext context) =>
        {
            if (context.Request.Headers.Authorization != "Bearer " + AdminToken)
            {
                return Results.StatusCode(403);
            }
            Restocked++;
            Interlocked.Add(ref _hotStock, request.Quantity);
            return Results.Ok(View(_products[^1]));
        });
        app.MapDelete("/api/cart", (HttpContext context) => Buyer(context) is { } buyer ? Clear(buyer) : Results.Unauthorized());
        app.MapGet("/api/cart", (HttpContext context) => Buyer(context) is { } buyer ? Results.Ok(new { items = Cart(buyer).Select(l => new { productId = l.Key, quantity = l.Value }), total = 0 }) : Results.Unauthorized());
        app.MapPut("/api/cart/items/{id:guid}", (Guid id, QuantityRequest request, HttpContext context) =>
        {
            if (Buyer(context) is not { } buyer)
            {
                return Results.Unauthorized();
            }
            Cart(buyer)[id] = request.Quantity;
            return Results.Ok(new { productId = id, name = "x", unitPrice = 1m, quantity = request.Quantity });
        });
        app.MapPost("/api/cart/checkout", (HttpContext context) =>
        {
            if (Buyer(context) is not { } buyer)
            {
                return Results.Unauthorized();
            }
            if (context.Request.Headers["Idempotency-Key"].ToString() is not { Length: > 0 } key)
            {
                CheckoutsWithoutKey.Add(buyer);
                return Results.BadRequest();
            }
            var cart = Cart(buyer);
            if (cart.IsEmpty)
            {
                return Results.Conflict();
            }
            var orderId = _orderIds.GetOrAdd((buyer, key), _ => Place(buyer, cart));
            return Results.Accepted("/api/orders/" + orderId, new { orderId });
        });
        app.MapGet("/api/orders/{id:guid}", (Guid id, HttpContext context) =>
        {
            if (Buyer(context) is not { } buyer || !_orders.TryGetValue(id, out var order) || order.Buyer != buyer)
            {
                return Results.NotFound();
            }
            // Pending on the first read, final from the second: the journey has to poll.
            var status = Interlocked.Increment(ref order.Reads) == 1 ? "Pending" : order.FinalStatus;
            return Results.Ok(new { id, status, items = Array.Empty<object>(), total = 1m, reason = status == "Cancelled" ? "out-of-stock" : null });
        });
    }

    private Guid Place(string buyer, ConcurrentDictionary<Guid, int> cart)
    {
        var id = Guid.NewGuid();
        var final = "Confirmed";
        if (cart.TryGetValue(HotProductId, out var quantity))
        {
            lock (_stockLock)
            {
                if (_hotStock >= quantity)
                {
                    _hotStock -= quantity;
                }
                else
                {
                    final = "Cancelled";
                }
            }
        }
        _orders[id] = new FakeOrder(buyer, final);
        return id;
    }

    private IResult Clear(string buyer)
    {
        Cart(buyer).Clear();
        return Results.NoContent();
    }

    private ConcurrentDictionary<Guid, int> Cart(string buyer) => _carts.GetOrAdd(buyer, _ => new ConcurrentDictionary<Guid, int>());

    private string? Buyer(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer token-", StringComparison.Ordinal))
        {
            return header["Bearer token-".Length..];
        }
        UnauthorizedRequests.Add(context.Request.Method + " " + context.Request.Path);
        return null;
    }

    private object View(Product p) => new { id = p.Id, sku = p.Sku, name = "Product " + p.Sku, category = "regular", price = 9.99m, stock = p.Sku == HotSku ? HotStock : p.Stock };

    private sealed record Product(Guid Id, string Sku, int Stock);

    private sealed record TokenRequest(string BuyerId, string? AdminKey);

    private sealed record RestockRequest(int Quantity);

    private sealed record QuantityRequest(int Quantity);

    private sealed class FakeOrder(string buyer, string finalStatus)
    {
        public string Buyer { get; } = buyer;

        public string FinalStatus { get; } = finalStatus;

        public int Reads;
    }
}

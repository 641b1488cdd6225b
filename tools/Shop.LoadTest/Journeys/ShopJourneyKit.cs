using System.Net.Http.Headers;
using System.Text;
using Shop.LoadTest.Engine;
using Shop.LoadTest.Metrics;
using Shop.LoadTest.Reports;
using Shop.LoadTest.Scenarios;

namespace Shop.LoadTest.Journeys;

/// <summary>
/// What the Shop journeys share: the routes, the catalog read before the run, the buyer pool, their step metrics
/// (looked up once) and the requests they build. Also the steps more than one journey takes.
/// </summary>
public sealed class ShopJourneyKit
{
    public ShopJourneyKit(ShopRoutes routes, ShopCatalog catalog, BuyerPool buyers, CheckoutSettings checkout, double hotShare, RunMetrics metrics)
    {
        Routes = routes;
        Catalog = catalog;
        Buyers = buyers;
        Checkout = checkout;
        HotShare = catalog.Hot.Count > 0 ? hotShare : 0;
        Orders = metrics.Orders;
        AuthToken = metrics.Step(StepNames.AuthToken);
        BrowseList = metrics.Step(StepNames.BrowseList);
        BrowseSearch = metrics.Step(StepNames.BrowseSearch);
        BrowseProduct = metrics.Step(StepNames.BrowseProduct);
        CartClear = metrics.Step(StepNames.CartClear);
        CartAdd = metrics.Step(StepNames.CartAdd);
        CartView = metrics.Step(StepNames.CartView);
        CheckoutStep = metrics.Step(StepNames.Checkout);
        OrderStatus = metrics.Step(StepNames.OrderStatus);
    }

    public ShopRoutes Routes { get; }

    public ShopCatalog Catalog { get; }

    public BuyerPool Buyers { get; }

    public CheckoutSettings Checkout { get; }

    /// <summary>Probability that a checkout's first line is a hot product (0 without hot products).</summary>
    public double HotShare { get; }

    public OrderOutcomes Orders { get; }

    public StepMetrics AuthToken { get; }

    public StepMetrics BrowseList { get; }

    public StepMetrics BrowseSearch { get; }

    public StepMetrics BrowseProduct { get; }

    public StepMetrics CartClear { get; }

    public StepMetrics CartAdd { get; }

    public StepMetrics CartView { get; }

    public StepMetrics CheckoutStep { get; }

    public StepMetrics OrderStatus { get; }

    /// <summary>The journeys a scenario names, in its order, with its weights.</summary>
    public JourneyMix Mix(IReadOnlyList<JourneyWeight> journeys) =>
        new([.. journeys.Select(j => (Create(j.Name), j.Weight))]);

    public IJourney Create(string name) => name switch
    {
        JourneyNames.Browse => new BrowseJourney(this),
        JourneyNames.AddToCart => new AddToCartJourney(this),
        JourneyNames.Checkout => new CheckoutJourney(this),
        _ => throw new ArgumentException($"Unknown journey '{name}'.", nameof(name)),
    };

    /// <summary>Signs the buyer in (step <c>auth.token</c>) unless its cached token is still good.</summary>
    public async ValueTask<bool> SignInAsync(JourneyContext context, Buyer buyer)
    {
        var now = context.Time.GetTimestamp();
        if (!buyer.NeedsToken(now))
        {
            return true;
        }
        var request = LoadHttp.Request(HttpMethod.Post, Routes.Token);
        request.Content = Json($"{{\"buyerId\":\"{buyer.Id}\"}}");
        var response = await context.SendAsync(AuthToken, request, ResponseBody.Read);
        if (!response.IsSuccess)
        {
            return false;
        }
        var token = ShopJson.Parse<ShopJson.TokenAnswer>(response.Body);
        buyer.SignedIn(token.AccessToken, TimeSpan.FromSeconds(token.ExpiresIn), now, context.Time.TimestampFrequency);
        return true;
    }

    /// <summary>GET a product page (step <c>browse.product</c>).</summary>
    public async ValueTask<bool> ViewProductAsync(JourneyContext context, CatalogProduct product) =>
        !(await context.SendAsync(BrowseProduct, LoadHttp.Request(HttpMethod.Get, product.Details))).IsError;

    /// <summary>PUT a cart line (step <c>cart.add</c>).</summary>
    public async ValueTask<bool> AddToCartAsync(JourneyContext context, Buyer buyer, CatalogProduct product, int quantity)
    {
        var request = Authorized(HttpMethod.Put, product.CartItem, buyer);
        request.Content = Json($"{{\"quantity\":{quantity}}}");
        return !(await context.SendAsync(CartAdd, request)).IsError;
    }

    public CatalogProduct AnyBrowsable(JourneyContext context) => Catalog.Browsable[context.NextInt(Catalog.Browsable.Count)];

    public CatalogProduct AnyPurchasable(JourneyContext context) => Catalog.Purchasable[context.NextInt(Catalog.Purchasable.Count)];

    public static HttpRequestMessage Authorized(HttpMethod method, Uri uri, Buyer buyer)
    {
        var request = LoadHttp.Request(method, uri);
        request.Headers.TryAddWithoutValidation("Authorization", buyer.Authorization);
        return request;
    }

    private static ByteArrayContent Json(string json)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}

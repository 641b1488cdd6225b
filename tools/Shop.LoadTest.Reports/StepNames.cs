namespace Shop.LoadTest.Reports;

/// <summary>The request kinds (steps) the Shop journeys measure, as named in run.json.</summary>
public static class StepNames
{
    public const string AuthToken = "auth.token";
    public const string BrowseList = "browse.list";
    public const string BrowseSearch = "browse.search";
    public const string BrowseProduct = "browse.product";
    public const string CartClear = "cart.clear";
    public const string CartAdd = "cart.add";
    public const string CartView = "cart.view";
    public const string Checkout = "checkout";
    public const string OrderStatus = "order.status";

    /// <summary>The single request of the max-rate measurement.</summary>
    public const string Request = "request";
}

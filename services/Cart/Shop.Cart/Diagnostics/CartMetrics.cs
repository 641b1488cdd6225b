using System.Diagnostics.Metrics;
using Shop.Cart.Storage;

namespace Shop.Cart.Diagnostics;

/// <summary>
/// The module's instruments, on one Meter named <see cref="MeterName"/> (exported because it matches "Shop.*").
/// Prometheus sees them as <c>shop_cart_items_added_total</c> and so on.
/// </summary>
internal sealed class CartMetrics
{
    public const string MeterName = "Shop.Cart";
    public const string ItemsAdded = "shop.cart.items.added";
    public const string ItemsUpdated = "shop.cart.items.updated";
    public const string ItemsRemoved = "shop.cart.items.removed";
    public const string CartsCleared = "shop.cart.cleared";
    public const string Checkouts = "shop.cart.checkouts";
    public const string OrderConfirmations = "shop.cart.order_confirmations";
    public const string DependencyFailures = "shop.cart.dependency_failures";
    public const string EventPublishFailures = "shop.cart.events.publish_failures";

    /// <summary>Tag on <see cref="ItemsRemoved"/>: <c>buyer</c> (quantity 0 or DELETE) or <c>discontinued</c> (gone from the catalog).</summary>
    public const string ReasonTag = "reason";

    /// <summary>Tag on <see cref="Checkouts"/> (accepted, empty, rejected, failed) and <see cref="OrderConfirmations"/> (emptied, reduced, unchanged, duplicate).</summary>
    public const string ResultTag = "result";

    /// <summary>Tag on <see cref="DependencyFailures"/>: catalog, order or redis.</summary>
    public const string DependencyTag = "dependency";

    private readonly Counter<long> _itemsAdded;
    private readonly Counter<long> _itemsUpdated;
    private readonly Counter<long> _itemsRemoved;
    private readonly Counter<long> _cartsCleared;
    private readonly Counter<long> _checkouts;
    private readonly Counter<long> _orderConfirmations;
    private readonly Counter<long> _dependencyFailures;
    private readonly Counter<long> _eventPublishFailures;

    public CartMetrics(IMeterFactory meterFactory)
    {
        // Meters from the factory are owned by the host's container, so two hosts in one process (tests) stay apart.
        var meter = meterFactory.Create(MeterName);
        _itemsAdded = meter.CreateCounter<long>(ItemsAdded, "{line}", "Products put in a cart that did not hold them.");
        _itemsUpdated = meter.CreateCounter<long>(ItemsUpdated, "{line}", "Quantity changes of lines already in a cart.");
        _itemsRemoved = meter.CreateCounter<long>(ItemsRemoved, "{line}", "Lines taken out of a cart by the buyer or because the product left the catalog.");
        _cartsCleared = meter.CreateCounter<long>(CartsCleared, "{cart}", "Carts emptied by the buyer.");
        _checkouts = meter.CreateCounter<long>(Checkouts, "{checkout}", "Checkout requests by result.");
        _orderConfirmations = meter.CreateCounter<long>(OrderConfirmations, "{message}", "OrderConfirmed messages applied to carts, by what they did.");
        _dependencyFailures = meter.CreateCounter<long>(DependencyFailures, "{failure}", "Requests answered 503 because the catalog, the order module or Redis failed.");
        _eventPublishFailures = meter.CreateCounter<long>(EventPublishFailures, "{event}", "Best-effort cart events that could not be published.");
    }

    public void ItemAdded() => _itemsAdded.Add(1);

    public void ItemUpdated() => _itemsUpdated.Add(1);

    public void ItemsRemovedByBuyer(int lines) => CountRemoved(lines, "buyer");

    public void ItemsDiscontinued(int lines) => CountRemoved(lines, "discontinued");

    public void CartCleared() => _cartsCleared.Add(1);

    public void Checkout(string result) => _checkouts.Add(1, new KeyValuePair<string, object?>(ResultTag, result));

    public void OrderConfirmationApplied(ConfirmationOutcome outcome) =>
        _orderConfirmations.Add(1, new KeyValuePair<string, object?>(ResultTag, outcome switch
        {
            ConfirmationOutcome.Emptied => "emptied",
            ConfirmationOutcome.Reduced => "reduced",
            ConfirmationOutcome.Unchanged => "unchanged",
            _ => "duplicate",
        }));

    public void DependencyFailed(string dependency) =>
        _dependencyFailures.Add(1, new KeyValuePair<string, object?>(DependencyTag, dependency));

    public void EventPublishFailed() => _eventPublishFailures.Add(1);

    private void CountRemoved(int lines, string reason)
    {
        if (lines > 0)
        {
            _itemsRemoved.Add(lines, new KeyValuePair<string, object?>(ReasonTag, reason));
        }
    }
}

/// <summary>Values of the <see cref="CartMetrics.ResultTag"/> tag on <see cref="CartMetrics.Checkouts"/>.</summary>
internal static class CheckoutResults
{
    public const string Accepted = "accepted";
    public const string Empty = "empty";
    public const string Rejected = "rejected";
    public const string Failed = "failed";
}

/// <summary>Values of the <see cref="CartMetrics.DependencyTag"/> tag, also used in problem documents and logs.</summary>
internal static class Dependencies
{
    public const string Catalog = "catalog";
    public const string Order = "order";
    public const string Redis = "redis";
}

using Shop.Cart.Contracts.Messages;

namespace Shop.Reporting.Projections;

/// <summary>The funnel's first step from the cart's event: the buyer has a cart with items, from the first time seen.</summary>
internal static class CartProjection
{
    public static ReportChanges Apply(CartItemAdded message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var changes = new ReportChanges();
        changes.MarkBuyer(message.BuyerId, new FunnelMarks(CartedAt: message.AddedAt, CheckedOutAt: null, ConfirmedAt: null));
        return changes;
    }
}

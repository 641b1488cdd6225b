using Shop.Cart.Contracts.Messages;
using Shop.Reporting.Diagnostics;
using Shop.Reporting.Features.Shared;
using Shop.Reporting.Persistence;
using Shop.Reporting.Projections;

namespace Shop.Reporting.Features.CartEvents;

/// <summary>
/// Queue <c>reporting-cart-item-added</c>: the buyer has a cart with items, the first step of the funnel. Only the first
/// time counts (the earliest <see cref="CartItemAdded.AddedAt"/> is kept), so adding more products changes nothing.
/// </summary>
internal sealed class CartItemAddedConsumer(ReportingMetrics metrics, TimeProvider time)
    : ReportingConsumer<CartItemAdded>(metrics, time)
{
    /// <summary>The inbox key, pinned so that processed ids stay valid if the class is renamed or moved.</summary>
    protected override string ConsumerName => "reporting-cart-item-added";

    protected override DateTimeOffset OccurredAt(CartItemAdded message) => message.AddedAt;

    protected override async Task<string> ApplyAsync(CartItemAdded message, ReportingDbContext db, CancellationToken cancellationToken)
    {
        await ReportWriter.WriteAsync(db, CartProjection.Apply(message), cancellationToken);
        return Outcomes.Applied;
    }
}

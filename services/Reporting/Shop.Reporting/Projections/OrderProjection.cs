using Shop.Order.Contracts;

namespace Shop.Reporting.Projections;

/// <summary>What an order event did to the reports.</summary>
internal enum TransitionOutcome
{
    /// <summary>The event moved the order on (or made it known); its changes are applied.</summary>
    Applied,

    /// <summary>The order already is where the event would take it (the same event again, under another MessageId).</summary>
    AlreadyApplied,

    /// <summary>The event is older than what is recorded: OrderSubmitted arriving after the order was confirmed or cancelled.</summary>
    Stale,

    /// <summary>The event contradicts a final status (confirmed and cancelled); the first one recorded stands.</summary>
    Conflicting,
}

/// <summary>The outcome of one event, the order's state after it, and the changes to the aggregate read models.</summary>
internal sealed record OrderTransition(TransitionOutcome Outcome, ReportedOrder? Next, ReportChanges Changes);

/// <summary>
/// The reports' view of the order state machine, as a pure function of (what is recorded about the order, event) →
/// (new record, changes). The consumers and the rebuild both go through it, so live figures and rebuilt ones agree.
/// <code>
///  recorded \ event   Submitted          Confirmed                      Cancelled
///  (unknown)          → Pending          → Confirmed (sale)             → Cancelled
///  Pending            already applied    Pending → Confirmed (sale)     Pending → Cancelled
///  Confirmed          stale              already applied                conflicting (ignored)
///  Cancelled          stale              conflicting (ignored)          already applied
/// </code>
/// Events may arrive in any order (separate queues, concurrent consumers, retries), and each carries the whole order,
/// so a Confirmed that overtakes its Submitted counts the sale at once and the late Submitted changes nothing. An
/// order is counted under exactly one status at any time; the order module never moves a final order, so a
/// contradicting event can only come from a bug elsewhere and is logged rather than applied.
/// </summary>
internal static class OrderProjection
{
    public static OrderTransition Apply(ReportedOrder? current, OrderEvent orderEvent)
    {
        ArgumentNullException.ThrowIfNull(orderEvent);
        var target = orderEvent.Kind switch
        {
            OrderEventKind.Submitted => OrderStatuses.Pending,
            OrderEventKind.Confirmed => OrderStatuses.Confirmed,
            _ => OrderStatuses.Cancelled,
        };

        if (current is not null)
        {
            if (current.Status == target)
            {
                return Unchanged(TransitionOutcome.AlreadyApplied, current);
            }
            if (current.IsFinal)
            {
                return Unchanged(target == OrderStatuses.Pending ? TransitionOutcome.Stale : TransitionOutcome.Conflicting, current);
            }
        }

        var changes = new ReportChanges();
        if (current is not null)
        {
            // Leaves Pending: take back exactly what entering it added.
            changes.AddStatus(current.Status, current.CancelReason, -new Totals(1, current.Items, current.Total));
        }

        var next = new ReportedOrder(
            orderEvent.OrderId,
            orderEvent.BuyerId,
            target,
            orderEvent.CancelReason,
            orderEvent.Total,
            orderEvent.Items,
            orderEvent.SubmittedAt,
            target == OrderStatuses.Pending ? null : orderEvent.OccurredAt);
        changes.AddStatus(next.Status, next.CancelReason, new Totals(1, next.Items, next.Total));

        // Every event proves a checkout; only a confirmation proves a sale.
        var confirmedAt = target == OrderStatuses.Confirmed ? orderEvent.OccurredAt : (DateTimeOffset?)null;
        changes.MarkBuyer(next.BuyerId, new FunnelMarks(CartedAt: null, CheckedOutAt: orderEvent.SubmittedAt, confirmedAt));
        if (confirmedAt is { } soldAt)
        {
            changes.AddSale(soldAt, orderEvent.Lines, orderEvent.Total);
        }
        return new OrderTransition(TransitionOutcome.Applied, next, changes);
    }

    /// <summary>Folds an order's whole history from nothing, as the rebuild does; the order's record and the net changes.</summary>
    public static (ReportedOrder? Order, ReportChanges Changes, int Conflicts) Replay(OrderHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        ReportedOrder? order = null;
        var changes = new ReportChanges();
        var conflicts = 0;
        foreach (var orderEvent in history.Events)
        {
            var transition = Apply(order, orderEvent);
            if (transition.Outcome == TransitionOutcome.Conflicting)
            {
                conflicts++;
            }
            changes.Merge(transition.Changes);
            order = transition.Next;
        }
        return (order, changes, conflicts);
    }

    private static OrderTransition Unchanged(TransitionOutcome outcome, ReportedOrder current) =>
        new(outcome, current, new ReportChanges());
}

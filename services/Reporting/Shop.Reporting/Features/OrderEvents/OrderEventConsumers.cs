using Microsoft.Extensions.Logging;
using Shop.Order.Contracts.Messages;
using Shop.Reporting.Diagnostics;
using Shop.Reporting.Features.Shared;
using Shop.Reporting.Persistence;
using Shop.Reporting.Projections;

namespace Shop.Reporting.Features.OrderEvents;

/// <summary>An order event consumer: the event becomes an <see cref="OrderEvent"/> and goes through <see cref="OrderReports"/>.</summary>
/// <typeparam name="TMessage">The order module's event.</typeparam>
internal abstract class OrderEventConsumer<TMessage>(ReportingMetrics metrics, TimeProvider time, ILogger logger)
    : ReportingConsumer<TMessage>(metrics, time)
    where TMessage : class
{
    protected abstract OrderEvent ToOrderEvent(TMessage message);

    protected sealed override DateTimeOffset OccurredAt(TMessage message) => ToOrderEvent(message).OccurredAt;

    protected sealed override async Task<string> ApplyAsync(TMessage message, ReportingDbContext db, CancellationToken cancellationToken)
    {
        var orderEvent = ToOrderEvent(message);
        var transition = await OrderReports.ApplyAsync(db, orderEvent, cancellationToken);
        var (type, orderId, status) = (orderEvent.TypeName, orderEvent.OrderId, transition.Next!.Status);
        var outcome = Outcomes.Name(transition.Outcome);
        switch (transition.Outcome)
        {
            case TransitionOutcome.Applied:
                AfterCommit(() => logger.OrderEventApplied(type, orderId, status));
                break;
            case TransitionOutcome.Conflicting:
                AfterCommit(() => logger.OrderEventConflicting(type, orderId, status));
                break;
            default:
                AfterCommit(() => logger.OrderEventSkipped(type, orderId, outcome, status));
                break;
        }
        return outcome;
    }
}

/// <summary>Queue <c>reporting-order-submitted</c>: a checkout; the order counts as pending and its buyer as checked out.</summary>
internal sealed class OrderSubmittedConsumer(ReportingMetrics metrics, TimeProvider time, ILogger<OrderSubmittedConsumer> logger)
    : OrderEventConsumer<OrderSubmitted>(metrics, time, logger)
{
    /// <summary>The inbox key, pinned so that processed ids stay valid if the class is renamed or moved.</summary>
    protected override string ConsumerName => "reporting-order-submitted";

    protected override OrderEvent ToOrderEvent(OrderSubmitted message) => OrderEvent.From(message);
}

/// <summary>Queue <c>reporting-order-confirmed</c>: a sale, counted in its minute bucket, its products and the summary.</summary>
internal sealed class OrderConfirmedConsumer(ReportingMetrics metrics, TimeProvider time, ILogger<OrderConfirmedConsumer> logger)
    : OrderEventConsumer<OrderConfirmed>(metrics, time, logger)
{
    /// <summary>The inbox key, pinned so that processed ids stay valid if the class is renamed or moved.</summary>
    protected override string ConsumerName => "reporting-order-confirmed";

    protected override OrderEvent ToOrderEvent(OrderConfirmed message) => OrderEvent.From(message);
}

/// <summary>Queue <c>reporting-order-cancelled</c>: the order counts as cancelled, under its reason.</summary>
internal sealed class OrderCancelledConsumer(ReportingMetrics metrics, TimeProvider time, ILogger<OrderCancelledConsumer> logger)
    : OrderEventConsumer<OrderCancelled>(metrics, time, logger)
{
    /// <summary>The inbox key, pinned so that processed ids stay valid if the class is renamed or moved.</summary>
    protected override string ConsumerName => "reporting-order-cancelled";

    protected override OrderEvent ToOrderEvent(OrderCancelled message) => OrderEvent.From(message);
}

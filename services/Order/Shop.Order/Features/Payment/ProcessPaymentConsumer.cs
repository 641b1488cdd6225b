using MassTransit;
using Microsoft.Extensions.Logging;
using Shop.Catalog.Contracts.Messages;
using Shop.Messaging.Conventions;
using Shop.Messaging.Outbox;
using Shop.Order.Contracts;
using Shop.Order.Contracts.Messages;
using Shop.Order.Diagnostics;
using Shop.Order.Features.Shared;
using Shop.Order.Persistence;

namespace Shop.Order.Features.Payment;

/// <summary>
/// Charges the buyer, then settles the order: approved → Confirmed and <see cref="OrderConfirmed"/>; declined →
/// Cancelled (payment-declined), <see cref="OrderCancelled"/> and <see cref="ReleaseStock"/> to the catalog. The
/// provider is called before the transaction opens, so a slow provider holds no database connection or row lock; the
/// transaction that follows only records the answer.
/// </summary>
internal sealed class ProcessPaymentConsumer(
    SimulatedPaymentProvider payments,
    IOutbox outbox,
    OrderMetrics metrics,
    TimeProvider time,
    ILogger<ProcessPaymentConsumer> logger)
    : OrderStateConsumer<ProcessPayment>(logger)
{
    private PaymentOutcome? _outcome;

    protected override async Task BeforeTransactionAsync(ConsumeContext<ProcessPayment> context, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        _outcome = await payments.AuthorizeAsync(context.Message.OrderId, cancellationToken);
        Logger.PaymentProcessed(context.Message.Amount, context.Message.OrderId, _outcome.Value.ToString(),
            (long)time.GetElapsedTime(started).TotalMilliseconds);
    }

    protected override async Task HandleAsync(ConsumeContext<ProcessPayment> context, OrderDbContext db, CancellationToken cancellationToken)
    {
        var outcome = _outcome ?? throw new InvalidOperationException("The payment is authorised before the transaction opens.");
        var order = await FindOrderAsync(db, context.Message.OrderId, cancellationToken);
        if (order is null)
        {
            return;
        }

        var now = time.GetUtcNow();
        if (outcome == PaymentOutcome.Approved)
        {
            if (!Applied(order.Confirm(now), order))
            {
                return;
            }
            outbox.Publish(db, OrderRecords.Confirmed(order), correlationId: order.Id, conversationId: context.ConversationId);
            var sinceCheckout = order.UpdatedAt - order.CreatedAt;
            AfterCommit(() =>
            {
                metrics.OrderConfirmed(order.Total, sinceCheckout);
                Logger.OrderConfirmed(order.Id, order.Total, sinceCheckout.TotalSeconds);
            });
        }
        else
        {
            if (!Applied(order.CancelPaymentDeclined(now), order))
            {
                return;
            }
            outbox.Publish(db, OrderRecords.Cancelled(order), correlationId: order.Id, conversationId: context.ConversationId);
            outbox.Send(db, new ReleaseStock(order.Id), Destinations.CatalogReleaseStock,
                correlationId: order.Id, conversationId: context.ConversationId);
            AfterCommit(() =>
            {
                metrics.OrderCancelled(CancelReasons.PaymentDeclined);
                Logger.OrderCancelled(order.Id, CancelReasons.PaymentDeclined);
            });
        }
    }
}

/// <summary>
/// Lets more payments wait on the provider at once than the convention's limit: the wait holds no database
/// connection, and the transaction after it is short.
/// </summary>
internal sealed class ProcessPaymentConsumerDefinition : ShopConsumerDefinition<ProcessPaymentConsumer>
{
    public const int ConcurrentPayments = 16;

    public ProcessPaymentConsumerDefinition() => ConcurrentMessageLimit = ConcurrentPayments;
}

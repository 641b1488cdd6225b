using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Shop.Messaging.Inbox;
using Shop.Order.Diagnostics;
using Shop.Order.Domain;
using Shop.Order.Persistence;

namespace Shop.Order.Features.Shared;

/// <summary>
/// A consumer that moves an order through its state machine: an <see cref="IdempotentConsumer{TMessage, TDbContext}"/>
/// (inbox row, state change and staged messages in one transaction) with the order module's use of its hooks:
/// <list type="bullet">
/// <item>Metrics and logs of a state change are registered with <c>AfterCommit</c>, so they follow once per committed
/// change; an attempt that rolls back or is retried leaves nothing behind.</item>
/// <item>A <see cref="DbUpdateConcurrencyException"/> (the order's <c>xmin</c> changed since it was read) repeats the
/// transaction at once, up to <see cref="MaxConcurrencyAttempts"/> runs, before the message retry policy takes over.</item>
/// </list>
/// Slow work that needs no database (calling a payment provider) overrides
/// <see cref="IdempotentConsumer{TMessage, TDbContext}.BeforeTransactionAsync"/>.
/// </summary>
/// <typeparam name="TMessage">The consumed message.</typeparam>
internal abstract class OrderStateConsumer<TMessage>(ILogger logger) : IdempotentConsumer<TMessage, OrderDbContext>
    where TMessage : class
{
    /// <summary>Runs of a message whose order keeps changing underneath it, before the message retry policy takes over.</summary>
    private const int MaxConcurrencyAttempts = 3;

    /// <summary>Names the message in logs, for example "StockReserved".</summary>
    protected static string Trigger => typeof(TMessage).Name;

    /// <summary>The logger of the derived consumer.</summary>
    protected ILogger Logger => logger;

    protected sealed override bool ShouldRetryTransaction(ConsumeContext<TMessage> context, Exception exception, int attempt)
    {
        if (exception is not DbUpdateConcurrencyException || attempt >= MaxConcurrencyAttempts)
        {
            return false;
        }
        // Two messages about one order arrived together and the other one saved first. That race is expected, so it is
        // repeated here, quietly, rather than as a failed delivery: the next run reads the new state, in which this
        // message usually turns out stale.
        logger.ConcurrentChangeRetried(Trigger, context.MessageId, attempt);
        return true;
    }

    /// <summary>Loads the order to change (tracked, with its version), or logs and returns null when there is none.</summary>
    protected async Task<Domain.Order?> FindOrderAsync(OrderDbContext db, Guid orderId, CancellationToken cancellationToken)
    {
        var order = await db.Orders.SingleOrDefaultAsync(o => o.Id == orderId, cancellationToken);
        if (order is null)
        {
            // Retrying cannot make an unknown order appear: orders are created before any message names them.
            logger.UnknownOrder(Trigger, orderId);
        }
        return order;
    }

    /// <summary>True when the transition happened; otherwise logs why the message changes nothing.</summary>
    protected bool Applied(TransitionResult result, Domain.Order order)
    {
        switch (result)
        {
            case TransitionResult.Applied:
                return true;
            case TransitionResult.Stale:
                logger.StaleEventIgnored(Trigger, order.Id, order.State.ToString());
                return false;
            default:
                logger.PrematureEventIgnored(Trigger, order.Id, order.State.ToString());
                return false;
        }
    }
}

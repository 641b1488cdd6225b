using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Shop.Messaging.Inbox;
using Shop.Order.Diagnostics;
using Shop.Order.Domain;
using Shop.Order.Persistence;

namespace Shop.Order.Features.Shared;

/// <summary>
/// A consumer that moves an order through its state machine. It is an <see cref="IdempotentConsumer{TMessage, TDbContext}"/>
/// (inbox row, state change and staged messages in one transaction) with two additions that must stay outside that
/// transaction:
/// <list type="bullet">
/// <item><see cref="BeforeTransactionAsync"/>: slow work that needs no database (calling a payment provider), so it
/// holds neither a connection nor a row lock while it waits.</item>
/// <item><see cref="AfterCommit"/>: effects that must happen once per committed change (metrics, logs); an attempt that
/// rolls back or is retried leaves nothing behind.</item>
/// </list>
/// </summary>
/// <remarks>
/// <see cref="IdempotentConsumer{TMessage, TDbContext}.Consume"/> is not virtual, so this class implements
/// <see cref="IConsumer{TMessage}"/> again: MassTransit calls consumers through that interface, which now lands here
/// and wraps the base class's transaction.
/// </remarks>
/// <typeparam name="TMessage">The consumed message.</typeparam>
internal abstract class OrderStateConsumer<TMessage>(ILogger logger) : IdempotentConsumer<TMessage, OrderDbContext>, IConsumer<TMessage>
    where TMessage : class
{
    /// <summary>Attempts at a message whose order keeps changing underneath it, before the message retry policy takes over.</summary>
    private const int MaxConcurrencyAttempts = 3;

    private readonly List<Action> _afterCommit = [];

    /// <summary>Names the message in logs, for example "StockReserved".</summary>
    protected static string Trigger => typeof(TMessage).Name;

    /// <summary>The logger of the derived consumer.</summary>
    protected ILogger Logger => logger;

    async Task IConsumer<TMessage>.Consume(ConsumeContext<TMessage> context)
    {
        await BeforeTransactionAsync(context, context.CancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await base.Consume(context);
                break;
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxConcurrencyAttempts)
            {
                // Two messages about one order arrived together and the other one saved first. That race is expected, so
                // it is retried here, quietly, rather than as a failed delivery: the next attempt reads the new state,
                // in which this message usually turns out stale.
                logger.ConcurrentChangeRetried(Trigger, context.MessageId, attempt);
            }
        }
        foreach (var effect in _afterCommit)
        {
            effect();
        }
    }

    /// <summary>Runs before the transaction opens, once per delivery attempt. Does nothing unless overridden.</summary>
    protected virtual Task BeforeTransactionAsync(ConsumeContext<TMessage> context, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary>Applies the message inside the transaction; see <see cref="IdempotentConsumer{TMessage, TDbContext}"/>.</summary>
    protected abstract Task ApplyAsync(ConsumeContext<TMessage> context, OrderDbContext db, CancellationToken cancellationToken);

    /// <summary>Schedules <paramref name="effect"/> to run once the transaction of this attempt has committed.</summary>
    protected void AfterCommit(Action effect) => _afterCommit.Add(effect);

    protected sealed override Task HandleAsync(ConsumeContext<TMessage> context, OrderDbContext db, CancellationToken cancellationToken)
    {
        // The execution strategy may run this again after a transient failure; only the last attempt's effects count.
        _afterCommit.Clear();
        return ApplyAsync(context, db, cancellationToken);
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

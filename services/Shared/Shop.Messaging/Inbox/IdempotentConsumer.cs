using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Shop.Messaging.Inbox;

/// <summary>
/// A consumer whose effect is applied once per message, however often the broker delivers it. The effect and the
/// record of the processed MessageId commit in one transaction of the module's DbContext; a redelivered copy finds the
/// record and changes nothing.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="HandleAsync"/> must keep its effects inside <typeparamref name="TDbContext"/>: that is what the transaction
/// covers. Messages it produces are staged with <see cref="Outbox.IOutbox"/> on the same context (not
/// <c>context.Publish</c>), so they leave only if the effect commits.
/// </para>
/// <para>
/// One delivery attempt (one call of <see cref="Consume"/>; MassTransit's retry builds a new consumer for each) runs:
/// </para>
/// <list type="number">
/// <item><see cref="BeforeTransactionAsync"/>, once, with no transaction or connection open: slow work that needs no
/// database, such as calling a payment provider.</item>
/// <item>The transaction: claim the MessageId in the inbox, <see cref="HandleAsync"/>, save, commit. It may run more
/// than once: the DbContext's execution strategy repeats it after a transient database error, and
/// <see cref="ShouldRetryTransaction"/> may ask to repeat it after a conflict. Each run starts with an empty change
/// tracker and a new transaction, and a run that fails is rolled back entirely.</item>
/// <item>The work <see cref="HandleAsync"/> registered with <see cref="AfterCommit(Func{Task})"/>, once, in the order
/// registered, only if the run that registered it committed (never for a rolled-back run, never for a duplicate):
/// effects that must not happen for a change that did not commit, such as metrics, logs and cache invalidation.</item>
/// </list>
/// <para>
/// A consumer keeps what <see cref="BeforeTransactionAsync"/> learned for <see cref="HandleAsync"/> in its own fields.
/// Work registered for after the commit belongs to the run that registered it: a run that fails takes its work with it,
/// so only the committed run's work runs.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// public sealed class ReserveStockConsumer(IOutbox outbox, ProductCache cache) : IdempotentConsumer&lt;ReserveStock, CatalogDbContext&gt;
/// {
///     protected override async Task HandleAsync(ConsumeContext&lt;ReserveStock&gt; context, CatalogDbContext db, CancellationToken ct)
///     {
///         var product = await db.Products.SingleAsync(p =&gt; p.Id == context.Message.ProductId, ct);
///         product.Reserve(context.Message.Quantity);
///         outbox.Publish(db, new StockReserved(context.Message.OrderId), conversationId: context.ConversationId);
///         AfterCommit(() =&gt; cache.InvalidateAsync(product.Id, CancellationToken.None));
///     }
/// }
/// </code>
/// </example>
/// <typeparam name="TMessage">The consumed message.</typeparam>
/// <typeparam name="TDbContext">The module's DbContext; it maps the inbox (see <see cref="Persistence.MessagingModel"/>).</typeparam>
public abstract class IdempotentConsumer<TMessage, TDbContext> : IConsumer<TMessage>
    where TMessage : class
    where TDbContext : DbContext
{
    /// <summary>The work registered by the current run of the transaction, for after it has committed.</summary>
    private readonly List<Func<Task>> _afterCommit = [];

    /// <summary>
    /// The inbox key of this consumer. Defaults to the full type name; override it to keep the processed ids valid
    /// across a rename.
    /// </summary>
    protected virtual string ConsumerName => GetType().FullName ?? GetType().Name;

    /// <inheritdoc />
    public async Task Consume(ConsumeContext<TMessage> context)
    {
        var messageId = context.MessageId ?? throw new InvalidOperationException(
            $"{typeof(TMessage).Name} arrived without a MessageId, so {ConsumerName} cannot tell a redelivery from a new message.");
        // The consumer's own scope: the same DbContext instance that constructor injection would give.
        var db = context.GetServiceOrCreateInstance<TDbContext>();
        var inbox = context.GetServiceOrCreateInstance<InboxRecorder>();
        var consumer = ConsumerName;

        await BeforeTransactionAsync(context, context.CancellationToken);

        var strategy = db.Database.CreateExecutionStrategy();
        bool processed;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                processed = await strategy.ExecuteAsync(async cancellationToken =>
                {
                    // A retried attempt must not see entities tracked by the attempt that failed, nor run its work.
                    db.ChangeTracker.Clear();
                    _afterCommit.Clear();
                    await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                    if (!await inbox.TryClaimAsync(db, messageId, consumer, cancellationToken))
                    {
                        return false;
                    }
                    await HandleAsync(context, db, cancellationToken);
                    await db.SaveChangesAsync(cancellationToken);
                    // Committing also wakes this module's outbox relay if HandleAsync staged messages.
                    await transaction.CommitAsync(cancellationToken);
                    return true;
                }, context.CancellationToken);
                break;
            }
            catch (Exception exception) when (ShouldRetryTransaction(context, exception, attempt))
            {
                // Run the transaction again. The failed one was disposed, and so rolled back, before the filter above
                // ran: the await rethrows only once the execution strategy's delegate has completed.
            }
        }

        if (!processed)
        {
            inbox.DuplicateSkipped(messageId, consumer);
            return;
        }
        foreach (var work in _afterCommit)
        {
            try
            {
                await work();
            }
            catch (Exception exception)
            {
                // The change has committed: failing the delivery now would only bring the message back as a duplicate.
                // The rest of the work is independent of this one, so it still runs.
                inbox.CommittedHookFailed(exception, messageId, consumer);
            }
        }
    }

    /// <summary>
    /// Applies the message's effect to <paramref name="db"/>. The base class has already opened the transaction and
    /// saves and commits after this returns, together with the inbox record; do not commit or roll back here.
    /// </summary>
    /// <remarks>
    /// Runs once per run of the transaction, so possibly several times per delivery attempt (see the class remarks).
    /// What must follow only a committed change (metrics, logs, cache invalidation) it registers with
    /// <see cref="AfterCommit(Func{Task})"/>.
    /// </remarks>
    protected abstract Task HandleAsync(ConsumeContext<TMessage> context, TDbContext db, CancellationToken cancellationToken);

    /// <summary>
    /// Runs once per delivery attempt, before the transaction opens: no connection is taken from the pool and no row is
    /// locked while it waits, so this is the place for slow work that needs no database (a payment provider, a remote
    /// lookup). Keep its result in a field for <see cref="HandleAsync"/>. Does nothing unless overridden.
    /// </summary>
    /// <remarks>
    /// <para>
    /// It runs before the inbox is checked, so it also runs for a copy that turns out to be a duplicate, and again for
    /// every delivery attempt MassTransit's retry makes (not when the transaction alone is repeated). What it calls must
    /// therefore be safe to call again for the same message, for example a payment request with an idempotency key.
    /// </para>
    /// <para>
    /// Nothing it does is covered by the transaction. An exception fails the delivery attempt before any transaction
    /// starts, and MassTransit's retry policy takes over.
    /// </para>
    /// </remarks>
    protected virtual Task BeforeTransactionAsync(ConsumeContext<TMessage> context, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary>
    /// Registers <paramref name="work"/> to run once the transaction of this run has committed. Call it from
    /// <see cref="HandleAsync"/>. The work does not run when the run rolls back or fails (a repeated run registers its
    /// own), nor for a copy the inbox recognised as a duplicate; registered work runs in the order registered.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Nothing guarantees that it runs at all: the process may die between the commit and the work, and a commit whose
    /// acknowledgement was lost (a dropped connection) is found as a duplicate by the retry, which skips it. Use it only
    /// for effects that are safe to lose: metrics, logs, invalidating a cache that also expires. Anything that must
    /// happen belongs in <see cref="HandleAsync"/> itself, for example a message staged with <see cref="Outbox.IOutbox"/>.
    /// </para>
    /// <para>
    /// An exception the work throws is logged (event 5112) and swallowed, and the next work still runs: the change has
    /// committed, so failing the delivery would only make MassTransit retry a message that the inbox then skips as a
    /// duplicate. The delivery's token may be cancelled by then; work that should finish anyway ignores it.
    /// </para>
    /// </remarks>
    protected void AfterCommit(Func<Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        _afterCommit.Add(work);
    }

    /// <summary>Registers synchronous <paramref name="work"/>, such as a log line, like <see cref="AfterCommit(Func{Task})"/>.</summary>
    protected void AfterCommit(Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        _afterCommit.Add(() =>
        {
            work();
            return Task.CompletedTask;
        });
    }

    /// <summary>
    /// Decides whether a run of the transaction that failed with <paramref name="exception"/> is repeated at once, in
    /// the same delivery attempt: a new transaction, an empty change tracker and <see cref="HandleAsync"/> again, but not
    /// <see cref="BeforeTransactionAsync"/>. Returning <see langword="false"/> (the default) lets the exception fail the
    /// delivery attempt, and MassTransit's retry policy takes over.
    /// </summary>
    /// <remarks>
    /// Meant for an expected race that a fresh read resolves, such as an optimistic-concurrency conflict
    /// (<see cref="DbUpdateConcurrencyException"/>) when two messages about one entity arrive together; repeating the
    /// transaction at once avoids a retry delay and a failed-delivery log. The failed run has been rolled back when this
    /// is called. Bound the repeats with <paramref name="attempt"/>: a conflict that keeps coming back should reach the
    /// retry policy. Transient database errors need no override; the DbContext's execution strategy repeats those.
    /// </remarks>
    /// <param name="context">The message being consumed.</param>
    /// <param name="exception">What the run threw (after the execution strategy gave up on it, if it retries).</param>
    /// <param name="attempt">How many runs of this delivery attempt have failed so far, this one included: 1 for the first.</param>
    protected virtual bool ShouldRetryTransaction(ConsumeContext<TMessage> context, Exception exception, int attempt) => false;
}

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
/// <see cref="HandleAsync"/> may run more than once for one delivery (MassTransit retry, or the DbContext's execution
/// strategy retrying a transient database error); each run starts with an empty change tracker and a new transaction.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// public sealed class ReserveStockConsumer(IOutbox outbox) : IdempotentConsumer&lt;ReserveStock, CatalogDbContext&gt;
/// {
///     protected override async Task HandleAsync(ConsumeContext&lt;ReserveStock&gt; context, CatalogDbContext db, CancellationToken ct)
///     {
///         var product = await db.Products.SingleAsync(p =&gt; p.Id == context.Message.ProductId, ct);
///         product.Reserve(context.Message.Quantity);
///         outbox.Publish(db, new StockReserved(context.Message.OrderId), conversationId: context.ConversationId);
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

        var strategy = db.Database.CreateExecutionStrategy();
        var processed = await strategy.ExecuteAsync(async cancellationToken =>
        {
            // A retried attempt must not see entities tracked by the attempt that failed.
            db.ChangeTracker.Clear();
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

        if (!processed)
        {
            inbox.DuplicateSkipped(messageId, consumer);
        }
    }

    /// <summary>
    /// Applies the message's effect to <paramref name="db"/>. The base class has already opened the transaction and
    /// saves and commits after this returns, together with the inbox record; do not commit or roll back here.
    /// </summary>
    protected abstract Task HandleAsync(ConsumeContext<TMessage> context, TDbContext db, CancellationToken cancellationToken);
}

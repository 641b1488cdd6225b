using Microsoft.EntityFrameworkCore;

namespace Shop.Messaging.Outbox;

/// <summary>
/// Stages messages in a module's own DbContext so that the state change and the message commit together or not at all.
/// Nothing reaches the broker until the caller's transaction commits; then the <see cref="OutboxRelay{TDbContext}"/>
/// publishes the rows, with the row id as the MessageId.
/// </summary>
/// <remarks>
/// Delivery is at least once. If the process dies after the broker confirmed a message but before the relay committed
/// its "sent" mark, the message is published again with the same MessageId after restart; consumers deriving from
/// <see cref="Inbox.IdempotentConsumer{TMessage, TDbContext}"/> drop that copy. Order is oldest first per relay, but not
/// guaranteed across replicas or after a failed attempt, so consumers must not depend on it.
/// </remarks>
/// <example>
/// SaveChanges alone is one transaction, which is enough when a single SaveChanges writes everything:
/// <code>
/// db.Orders.Add(order);
/// outbox.Publish(db, new OrderSubmitted(order.Id));
/// await db.SaveChangesAsync(ct);   // order and message commit together; the relay wakes now
/// </code>
/// With an explicit transaction and a retrying execution strategy (<c>EnableRetryOnFailure</c>), the whole unit of
/// work runs inside the strategy so that a retry repeats all of it:
/// <code>
/// await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
/// {
///     await using var transaction = await db.Database.BeginTransactionAsync(ct);
///     db.Orders.Add(order);
///     outbox.Send(db, new ReserveStock(order.Id, lines), "catalog-reserve-stock");
///     await db.SaveChangesAsync(ct);
///     await transaction.CommitAsync(ct);
/// });
/// </code>
/// </example>
public interface IOutbox
{
    /// <summary>Stages an event to publish to every subscriber.</summary>
    /// <param name="dbContext">The module's DbContext; it must map the outbox (see <see cref="Persistence.MessagingModel"/>).</param>
    /// <param name="message">The message, a record from a <c>*.Contracts</c> project.</param>
    /// <param name="correlationId">Correlation id for the envelope, if any.</param>
    /// <param name="conversationId">Conversation id for the envelope, for example the one of the message being consumed.</param>
    /// <returns>The MessageId the message will carry.</returns>
    Guid Publish<TMessage>(DbContext dbContext, TMessage message, Guid? correlationId = null, Guid? conversationId = null)
        where TMessage : class;

    /// <summary>Stages a command to send to one queue.</summary>
    /// <param name="dbContext">The module's DbContext; it must map the outbox.</param>
    /// <param name="message">The message, a record from a <c>*.Contracts</c> project.</param>
    /// <param name="destination">A queue name such as <c>catalog-reserve-stock</c>, or a MassTransit address such as <c>exchange:name</c>.</param>
    /// <param name="correlationId">Correlation id for the envelope, if any.</param>
    /// <param name="conversationId">Conversation id for the envelope, if any.</param>
    /// <returns>The MessageId the message will carry.</returns>
    Guid Send<TMessage>(DbContext dbContext, TMessage message, string destination, Guid? correlationId = null, Guid? conversationId = null)
        where TMessage : class;
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Shop.Messaging.Observability;
using Shop.Messaging.Persistence;

namespace Shop.Messaging.Inbox;

/// <summary>Claims a message id for a consumer inside the consumer's transaction, and reports what became of it.</summary>
internal sealed class InboxRecorder(MessagingMetrics metrics, TimeProvider time, ILogger<InboxRecorder> logger)
{
    /// <summary>
    /// Inserts the (message id, consumer) row. Returns <see langword="false"/> when the row already exists: the message
    /// was processed before. If another transaction is inserting the same key right now, PostgreSQL makes this insert
    /// wait for it; once that one commits, this returns <see langword="false"/>, and if it rolls back, this one wins.
    /// </summary>
    public async Task<bool> TryClaimAsync(DbContext dbContext, Guid messageId, string consumer, CancellationToken cancellationToken)
    {
        var tables = MessagingTables.For(dbContext);
        var inserted = await dbContext.Database.ExecuteSqlRawAsync(
            tables.InsertInboxRow, [messageId, consumer, time.GetUtcNow()], cancellationToken);
        return inserted == 1;
    }

    public void DuplicateSkipped(Guid messageId, string consumer)
    {
        MessagingLog.DuplicateSkipped(logger, messageId, consumer);
        metrics.DuplicateSkipped(consumer);
    }

    public void CommittedHookFailed(Exception exception, Guid messageId, string consumer) =>
        MessagingLog.CommittedHookFailed(logger, exception, messageId, consumer);
}

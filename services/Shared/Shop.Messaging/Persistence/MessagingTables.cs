using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Shop.Messaging.Inbox;
using Shop.Messaging.Outbox;

namespace Shop.Messaging.Persistence;

/// <summary>
/// The SQL that cannot be expressed in LINQ (row locks with SKIP LOCKED, INSERT ... ON CONFLICT), written against the
/// table names of the context's model so that each module's schema is respected.
/// </summary>
internal sealed class MessagingTables
{
    private static readonly ConditionalWeakTable<IModel, MessagingTables> Cache = [];

    private MessagingTables(string outbox, string inbox)
    {
        // Parameters: {0} = now, {1} = batch size.
        LockPendingOutboxBatch =
            $"SELECT * FROM {outbox} WHERE sent_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= {{0}}) " +
            "ORDER BY occurred_at, id LIMIT {1} FOR UPDATE SKIP LOCKED";
        // Parameters: {0} = message id, {1} = consumer, {2} = processed at.
        InsertInboxRow =
            $"INSERT INTO {inbox} (message_id, consumer, processed_at) VALUES ({{0}}, {{1}}, {{2}}) ON CONFLICT DO NOTHING";
    }

    public string LockPendingOutboxBatch { get; }

    public string InsertInboxRow { get; }

    public static MessagingTables For(DbContext dbContext) =>
        Cache.GetValue(dbContext.Model, model => new MessagingTables(
            QualifiedName(model, typeof(OutboxMessage), dbContext),
            QualifiedName(model, typeof(InboxMessage), dbContext)));

    /// <summary>Fails with a hint when the module forgot <see cref="MessagingModel.MapOutboxAndInbox"/>.</summary>
    public static void EnsureMapped(DbContext dbContext) => For(dbContext);

    private static string QualifiedName(IModel model, Type entity, DbContext dbContext)
    {
        var entityType = model.FindEntityType(entity) ?? throw new InvalidOperationException(
            $"{dbContext.GetType().Name} does not map {entity.Name}: call modelBuilder.{nameof(MessagingModel.MapOutboxAndInbox)}() in OnModelCreating and add a migration.");
        var table = entityType.GetTableName()!;
        var schema = entityType.GetSchema();
        return schema is null ? Quote(table) : $"{Quote(schema)}.{Quote(table)}";
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

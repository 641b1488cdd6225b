using Microsoft.EntityFrameworkCore;
using Shop.Messaging.Inbox;
using Shop.Messaging.Outbox;

namespace Shop.Messaging.Persistence;

/// <summary>
/// Adds the outbox and inbox tables to a module's model, so the module's own migrations create them in its schema and
/// its own transactions cover them.
/// </summary>
public static class MessagingModel
{
    /// <summary>Table of staged messages.</summary>
    public const string OutboxTable = "outbox_messages";

    /// <summary>Table of processed message ids.</summary>
    public const string InboxTable = "inbox_messages";

    /// <summary>
    /// Maps <see cref="OutboxMessage"/> to <c>outbox_messages</c> and <see cref="InboxMessage"/> to <c>inbox_messages</c>.
    /// Call it from the module DbContext's <c>OnModelCreating</c>, then add a migration.
    /// </summary>
    /// <param name="modelBuilder">The module's model builder.</param>
    /// <param name="schema">The schema for both tables; by default the model's default schema (<c>HasDefaultSchema</c>).</param>
    public static ModelBuilder MapOutboxAndInbox(this ModelBuilder modelBuilder, string? schema = null)
    {
        modelBuilder.Entity<OutboxMessage>(outbox =>
        {
            // Leaving the schema unset keeps HasDefaultSchema in charge, whether it runs before or after this call.
            if (schema is null)
            {
                outbox.ToTable(OutboxTable);
            }
            else
            {
                outbox.ToTable(OutboxTable, schema);
            }
            outbox.HasKey(message => message.Id).HasName("pk_outbox_messages");
            outbox.Property(message => message.Id).HasColumnName("id").ValueGeneratedNever();
            outbox.Property(message => message.MessageType).HasColumnName("message_type").HasMaxLength(512).IsRequired();
            outbox.Property(message => message.Body).HasColumnName("body").HasColumnType("jsonb").IsRequired();
            outbox.Property(message => message.Destination).HasColumnName("destination").HasMaxLength(512);
            outbox.Property(message => message.OccurredAt).HasColumnName("occurred_at");
            outbox.Property(message => message.CorrelationId).HasColumnName("correlation_id");
            outbox.Property(message => message.ConversationId).HasColumnName("conversation_id");
            outbox.Property(message => message.Attempts).HasColumnName("attempts");
            outbox.Property(message => message.LastError).HasColumnName("last_error").HasMaxLength(2000);
            outbox.Property(message => message.NextAttemptAt).HasColumnName("next_attempt_at");
            outbox.Property(message => message.SentAt).HasColumnName("sent_at");
            // The relay's query and the pending-count gauge read only unsent rows; cleanup reads only sent ones.
            outbox.HasIndex(message => message.OccurredAt).HasDatabaseName("ix_outbox_messages_pending").HasFilter("sent_at IS NULL");
            outbox.HasIndex(message => message.SentAt).HasDatabaseName("ix_outbox_messages_sent_at").HasFilter("sent_at IS NOT NULL");
        });

        modelBuilder.Entity<InboxMessage>(inbox =>
        {
            if (schema is null)
            {
                inbox.ToTable(InboxTable);
            }
            else
            {
                inbox.ToTable(InboxTable, schema);
            }
            inbox.HasKey(message => new { message.MessageId, message.Consumer }).HasName("pk_inbox_messages");
            inbox.Property(message => message.MessageId).HasColumnName("message_id").ValueGeneratedNever();
            inbox.Property(message => message.Consumer).HasColumnName("consumer").HasMaxLength(256);
            inbox.Property(message => message.ProcessedAt).HasColumnName("processed_at");
            inbox.HasIndex(message => message.ProcessedAt).HasDatabaseName("ix_inbox_messages_processed_at");
        });
        return modelBuilder;
    }
}

namespace Shop.Messaging.Inbox;

/// <summary>
/// A message that a consumer has processed, written in the same transaction as the consumer's effect. Its key
/// (message id, consumer) is what makes a redelivered message a no-op.
/// </summary>
public sealed class InboxMessage
{
    // For EF Core materialisation.
    private InboxMessage() => Consumer = "";

    internal InboxMessage(Guid messageId, string consumer, DateTimeOffset processedAt)
    {
        MessageId = messageId;
        Consumer = consumer;
        ProcessedAt = processedAt;
    }

    /// <summary>The MassTransit <c>MessageId</c> of the processed message.</summary>
    public Guid MessageId { get; private set; }

    /// <summary>The consumer's type name; two consumers of one message each process it once.</summary>
    public string Consumer { get; private set; }

    /// <summary>When the effect committed; rows older than the inbox retention are deleted.</summary>
    public DateTimeOffset ProcessedAt { get; private set; }
}

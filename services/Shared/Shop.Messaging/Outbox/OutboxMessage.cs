namespace Shop.Messaging.Outbox;

/// <summary>
/// A message staged in a module's own transaction and published later by the <see cref="OutboxRelay{TDbContext}"/>.
/// Rows are written only through <see cref="IOutbox"/>; the relay owns every later change.
/// </summary>
public sealed class OutboxMessage
{
    // For EF Core materialisation.
    private OutboxMessage()
    {
        MessageType = "";
        Body = "";
    }

    internal OutboxMessage(Guid id, string messageType, string body, string? destination, DateTimeOffset occurredAt, Guid? correlationId, Guid? conversationId)
    {
        Id = id;
        MessageType = messageType;
        Body = body;
        Destination = destination;
        OccurredAt = occurredAt;
        CorrelationId = correlationId;
        ConversationId = conversationId;
    }

    /// <summary>The row id, and also the MassTransit <c>MessageId</c> the message is published with, so inboxes can spot redeliveries.</summary>
    public Guid Id { get; private set; }

    /// <summary>The message's CLR type as <c>Namespace.Type, Assembly</c> (no version, so rows survive upgrades).</summary>
    public string MessageType { get; private set; }

    /// <summary>The message serialised as JSON.</summary>
    public string Body { get; private set; }

    /// <summary>Send destination (<c>queue:name</c> or another MassTransit address); <see langword="null"/> means publish.</summary>
    public string? Destination { get; private set; }

    /// <summary>When the message was staged; the relay sends oldest first.</summary>
    public DateTimeOffset OccurredAt { get; private set; }

    /// <summary>Correlation id to put on the message, if any.</summary>
    public Guid? CorrelationId { get; private set; }

    /// <summary>Conversation id to put on the message, if any.</summary>
    public Guid? ConversationId { get; private set; }

    /// <summary>Failed publish attempts so far.</summary>
    public int Attempts { get; internal set; }

    /// <summary>Why the last attempt failed.</summary>
    public string? LastError { get; internal set; }

    /// <summary>Earliest time of the next attempt after a failure; <see langword="null"/> means as soon as possible.</summary>
    public DateTimeOffset? NextAttemptAt { get; internal set; }

    /// <summary>When the broker confirmed the message; <see langword="null"/> while pending.</summary>
    public DateTimeOffset? SentAt { get; internal set; }
}

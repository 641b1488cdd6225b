using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Shop.Messaging.Persistence;

namespace Shop.Messaging.Outbox;

/// <summary>Adds <see cref="OutboxMessage"/> rows to the caller's change tracker; the caller's SaveChanges writes them.</summary>
internal sealed class EntityFrameworkOutbox(TimeProvider time) : IOutbox
{
    internal static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web);

    public Guid Publish<TMessage>(DbContext dbContext, TMessage message, Guid? correlationId = null, Guid? conversationId = null)
        where TMessage : class =>
        Stage(dbContext, message, destination: null, correlationId, conversationId);

    public Guid Send<TMessage>(DbContext dbContext, TMessage message, string destination, Guid? correlationId = null, Guid? conversationId = null)
        where TMessage : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(destination);
        // A bare name is a queue; anything with a scheme is already a MassTransit address.
        var address = destination.Contains(':', StringComparison.Ordinal) ? destination : "queue:" + destination;
        if (!Uri.TryCreate(address, UriKind.Absolute, out _))
        {
            throw new ArgumentException($"'{destination}' is neither a queue name nor a valid address.", nameof(destination));
        }
        return Stage(dbContext, message, address, correlationId, conversationId);
    }

    private Guid Stage(DbContext dbContext, object message, string? destination, Guid? correlationId, Guid? conversationId)
    {
        ArgumentNullException.ThrowIfNull(message);
        MessagingTables.EnsureMapped(dbContext);
        // The runtime type, so the relay publishes exactly what was staged (MassTransit then also routes to base types).
        var messageType = message.GetType();
        var row = new OutboxMessage(
            NewId.NextGuid(),
            MessageTypeNames.Of(messageType),
            JsonSerializer.Serialize(message, messageType, SerializerOptions),
            destination,
            time.GetUtcNow(),
            correlationId,
            conversationId);
        dbContext.Set<OutboxMessage>().Add(row);
        CommitSignals.MarkStaged(dbContext);
        return row.Id;
    }
}

using System.Text.Json;
using MassTransit;

namespace Shop.Messaging.Outbox;

/// <summary>Turns an outbox row back into its message and hands it to the bus with the row's identity.</summary>
internal sealed class OutboxDispatcher(IBus bus)
{
    /// <summary>Completes when the transport has accepted the message (with RabbitMQ: when the broker confirmed it).</summary>
    public async Task DispatchAsync(OutboxMessage row, CancellationToken cancellationToken)
    {
        var messageType = MessageTypeNames.Resolve(row.MessageType);
        var message = JsonSerializer.Deserialize(row.Body, messageType, EntityFrameworkOutbox.SerializerOptions)
            ?? throw new InvalidOperationException($"Outbox message {row.Id} has an empty body.");

        if (row.Destination is null)
        {
            await bus.Publish(message, messageType, Pipe.Execute<PublishContext>(context => Stamp(context, row)), cancellationToken);
        }
        else
        {
            var endpoint = await bus.GetSendEndpoint(new Uri(row.Destination)).WaitAsync(cancellationToken);
            await endpoint.Send(message, messageType, Pipe.Execute<SendContext>(context => Stamp(context, row)), cancellationToken);
        }
    }

    private static void Stamp(SendContext context, OutboxMessage row)
    {
        // The row id doubles as MessageId, so a republished copy is recognisable by every inbox.
        context.MessageId = row.Id;
        if (row.CorrelationId is { } correlationId)
        {
            context.CorrelationId = correlationId;
        }
        if (row.ConversationId is { } conversationId)
        {
            context.ConversationId = conversationId;
        }
    }
}

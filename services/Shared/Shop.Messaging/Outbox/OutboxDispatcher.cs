using System.Text.Json;
using MassTransit;
using MassTransit.Mediator;

namespace Shop.Messaging.Outbox;

/// <summary>Turns an outbox row back into its message and hands it to the transport with the row's identity.</summary>
internal sealed class OutboxDispatcher
{
    private readonly IPublishEndpoint _publisher;
    private readonly Func<Uri, CancellationToken, Task<ISendEndpoint>> _sender;

    private OutboxDispatcher(IPublishEndpoint publisher, Func<Uri, CancellationToken, Task<ISendEndpoint>> sender, int defaultConcurrency)
    {
        _publisher = publisher;
        _sender = sender;
        DefaultConcurrency = defaultConcurrency;
    }

    /// <summary>
    /// Rows of one batch dispatched at once unless <see cref="OutboxOptions.DispatchConcurrency"/> says otherwise. One at a
    /// time through a broker (a confirm takes a fraction of a millisecond); several in process, where a dispatch lasts as
    /// long as its consumers.
    /// </summary>
    public int DefaultConcurrency { get; }

    /// <summary>Dispatch through the bus: complete when the transport accepted the message (RabbitMQ: broker confirm).</summary>
    public static OutboxDispatcher ThroughBus(IBus bus) =>
        new(bus, (destination, cancellationToken) => bus.GetSendEndpoint(destination).WaitAsync(cancellationToken), defaultConcurrency: 1);

    /// <summary>
    /// Dispatch through the mediator: consumers run inline and the dispatch completes only when all of them have, or
    /// throws when one failed, so the row stays pending until its effects are committed.
    /// </summary>
    public static OutboxDispatcher ThroughMediator(IMediator mediator) =>
        new(mediator, (_, _) => Task.FromResult<ISendEndpoint>(mediator), defaultConcurrency: 16);

    public async Task DispatchAsync(OutboxMessage row, CancellationToken cancellationToken)
    {
        var messageType = MessageTypeNames.Resolve(row.MessageType);
        var message = JsonSerializer.Deserialize(row.Body, messageType, EntityFrameworkOutbox.SerializerOptions)
            ?? throw new InvalidOperationException($"Outbox message {row.Id} has an empty body.");

        if (row.Destination is null)
        {
            await _publisher.Publish(message, messageType, Pipe.Execute<PublishContext>(context => Stamp(context, row)), cancellationToken);
        }
        else
        {
            var endpoint = await _sender(new Uri(row.Destination), cancellationToken);
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

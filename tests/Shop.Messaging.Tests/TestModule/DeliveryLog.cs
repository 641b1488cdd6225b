using System.Collections.Concurrent;
using MassTransit;

namespace Shop.Messaging.Tests.TestModule;

/// <summary>
/// Every delivery the test consumers saw, shared by all hosts of one test, so duplicates and gaps across replicas show.
/// </summary>
public sealed class DeliveryLog
{
    private readonly ConcurrentQueue<Delivery> _deliveries = new();

    public void Record<TMessage>(object consumer, ConsumeContext<TMessage> context)
        where TMessage : class =>
        _deliveries.Enqueue(new Delivery(
            consumer.GetType(), context.MessageId, context.CorrelationId, context.ConversationId, context.Message, DateTimeOffset.UtcNow));

    public IReadOnlyList<Delivery> Of<TConsumer>() =>
        [.. _deliveries.Where(delivery => delivery.Consumer == typeof(TConsumer))];

    /// <summary>Deliveries to <typeparamref name="TConsumer"/> of messages matching <paramref name="predicate"/>.</summary>
    public IReadOnlyList<Delivery> Of<TConsumer, TMessage>(Func<TMessage, bool> predicate) =>
        [.. Of<TConsumer>().Where(delivery => delivery.Message is TMessage message && predicate(message))];
}

public sealed record Delivery(
    Type Consumer, Guid? MessageId, Guid? CorrelationId, Guid? ConversationId, object Message, DateTimeOffset ReceivedAt);

using MassTransit;
using Shop.Messaging.Tests.TestModule;

namespace Shop.Messaging.Tests.Reporting;

/// <summary>
/// Same class name as <see cref="TestModule.OrderSubmittedConsumer"/>, in another module: in a monolith both must get
/// their own queue and their own copy of each event.
/// </summary>
public sealed class OrderSubmittedConsumer(DeliveryLog log) : IConsumer<OrderSubmitted>
{
    public Task Consume(ConsumeContext<OrderSubmitted> context)
    {
        log.Record(this, context);
        return Task.CompletedTask;
    }
}

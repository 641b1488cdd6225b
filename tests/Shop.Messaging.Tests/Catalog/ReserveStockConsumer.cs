using MassTransit;
using Shop.Messaging.Conventions;
using Shop.Messaging.Tests.TestModule;

namespace Shop.Messaging.Tests.Catalog;

/// <summary>A command for a second module, to show queue names come from the registering module.</summary>
public sealed record ReserveStock(Guid OrderId);

/// <summary>Consumer registered by module <c>catalog</c>.</summary>
public sealed class ReserveStockConsumer(DeliveryLog log) : IConsumer<ReserveStock>
{
    public Task Consume(ConsumeContext<ReserveStock> context)
    {
        log.Record(this, context);
        return Task.CompletedTask;
    }
}

/// <summary>A definition that refines the conventions, as module definitions do.</summary>
public sealed class ReserveStockConsumerDefinition : ShopConsumerDefinition<ReserveStockConsumer>
{
    public const int Limit = 4;

    public ReserveStockConsumerDefinition() => ConcurrentMessageLimit = Limit;
}

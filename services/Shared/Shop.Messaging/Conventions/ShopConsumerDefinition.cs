using MassTransit;

namespace Shop.Messaging.Conventions;

/// <summary>
/// The conventions every Shop consumer gets: message retry (one immediate retry, then four growing intervals up to 2 s),
/// a concurrency limit, and MassTransit's <c>_error</c> queue once retries are spent. There is no delayed redelivery,
/// because the broker has no delayed-message plugin. Derive from it to refine an endpoint; the retry policy cannot be
/// dropped by accident because <see cref="ConfigureConsumer(IReceiveEndpointConfigurator, IConsumerConfigurator{TConsumer}, IRegistrationContext)"/>
/// is sealed and calls <see cref="Configure"/>.
/// </summary>
/// <typeparam name="TConsumer">The consumer.</typeparam>
public class ShopConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    /// <summary>Applies <see cref="ConsumerConventions.ConcurrentMessageLimit"/>; a derived definition may set another limit.</summary>
    public ShopConsumerDefinition() => ConcurrentMessageLimit = ConsumerConventions.ConcurrentMessageLimit;

    /// <inheritdoc />
    protected sealed override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        // The in-process transport's mediator resolves this definition too, but hands it its one pipeline shared by every
        // consumer: endpoint settings added there would stack once per consumer. It has its own retry (see ShopMessaging).
        if (endpointConfigurator is IMediatorConfigurator)
        {
            return;
        }
        // Message retry sits in front of the consumer factory, so each attempt builds the consumer again.
        endpointConfigurator.UseMessageRetry(retry => retry.Intervals([.. ConsumerConventions.RetryIntervals]));
        // MassTransit's base forwards to its older two-argument overload, which a derived definition may still override.
        base.ConfigureConsumer(endpointConfigurator, consumerConfigurator, context);
        Configure(endpointConfigurator, consumerConfigurator, context);
    }

    /// <summary>Endpoint settings of one consumer beyond the conventions (for example filters or a partitioner).</summary>
    protected virtual void Configure(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
    }
}

using MassTransit;

namespace Shop.Reporting.Tests.Infrastructure;

/// <summary>
/// A bus of the test's own on the reporting host's virtual host, standing in for the Order and Cart modules: it
/// publishes their events, with a chosen MessageId when a test needs the broker's redelivery of one message.
/// </summary>
internal sealed class EventPublisher : IAsyncDisposable
{
    private readonly IBusControl _bus;

    private EventPublisher(IBusControl bus) => _bus = bus;

    public static async Task<EventPublisher> StartAsync(string amqpUri)
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(new Uri(amqpUri)));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await bus.StartAsync(timeout.Token);
        return new EventPublisher(bus);
    }

    /// <summary>Publishes <paramref name="message"/> and returns the MessageId it carried.</summary>
    public async Task<Guid> PublishAsync<T>(T message, Guid? messageId = null)
        where T : class
    {
        var id = messageId ?? NewId.NextGuid();
        await _bus.Publish(message, context => context.MessageId = id);
        return id;
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _bus.StopAsync(timeout.Token);
    }
}

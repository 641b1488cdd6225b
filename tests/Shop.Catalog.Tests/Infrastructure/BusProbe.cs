using System.Collections.Concurrent;
using MassTransit;
using Shop.Catalog.Contracts.Messages;

namespace Shop.Catalog.Tests.Infrastructure;

/// <summary>
/// A bus of the test's own on the catalog host's virtual host, standing in for the Order and Cart modules: it sends
/// commands to the catalog's queues, asks for snapshots, and records every event the catalog publishes.
/// </summary>
internal sealed class BusProbe : IAsyncDisposable
{
    private readonly IBusControl _bus;
    private readonly ConcurrentQueue<Received> _received = new();

    private BusProbe(IBusControl bus) => _bus = bus;

    /// <summary>An event the probe received, with the MessageId it carried.</summary>
    public sealed record Received(object Message, Guid? MessageId);

    public static async Task<BusProbe> StartAsync(string amqpUri)
    {
        BusProbe? probe = null;
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(new Uri(amqpUri));
            rabbit.ReceiveEndpoint("catalog-tests-probe", endpoint =>
            {
                endpoint.Handler<StockReserved>(context => probe!.Record(context));
                endpoint.Handler<StockReservationFailed>(context => probe!.Record(context));
                endpoint.Handler<StockReleased>(context => probe!.Record(context));
                endpoint.Handler<ProductPriceChanged>(context => probe!.Record(context));
            });
        });
        probe = new BusProbe(bus);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        // Returns once the probe's queue is bound to the event exchanges, so no event published afterwards is missed.
        await bus.StartAsync(timeout.Token);
        return probe;
    }

    /// <summary>Sends a command to a catalog queue, with a chosen MessageId when a test needs to repeat one.</summary>
    public async Task<Guid> SendAsync<T>(string queue, T message, Guid? messageId = null)
        where T : class
    {
        var id = messageId ?? NewId.NextGuid();
        var endpoint = await _bus.GetSendEndpoint(new Uri("queue:" + queue));
        await endpoint.Send(message, context => context.MessageId = id);
        return id;
    }

    /// <summary>Asks the catalog, as the Cart module does: the request is published, and any catalog replica answers.</summary>
    public async Task<ProductSnapshots> GetSnapshotsAsync(IReadOnlyList<Guid> productIds)
    {
        var client = _bus.CreateRequestClient<GetProductSnapshots>(RequestTimeout.After(s: 15));
        var response = await client.GetResponse<ProductSnapshots>(new GetProductSnapshots(productIds));
        return response.Message;
    }

    public IReadOnlyList<T> All<T>(Func<T, bool>? filter = null) =>
        [.. _received.Select(r => r.Message).OfType<T>().Where(m => filter is null || filter(m))];

    /// <summary>Waits until at least <paramref name="count"/> events of type <typeparamref name="T"/> match, and returns them.</summary>
    public async Task<IReadOnlyList<T>> WaitForAsync<T>(Func<T, bool> filter, int count = 1, TimeSpan? timeout = null)
    {
        IReadOnlyList<T> matching = [];
        await Eventually.HoldsAsync(
            () => (matching = All(filter)).Count >= count,
            $"{count} {typeof(T).Name} event(s) arrived (got {matching.Count})",
            timeout);
        return matching;
    }

    public async Task<T> WaitForAsync<T>(Func<T, bool> filter) => (await WaitForAsync(filter, 1))[0];

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _bus.StopAsync(timeout.Token);
    }

    private Task Record<T>(ConsumeContext<T> context)
        where T : class
    {
        _received.Enqueue(new Received(context.Message, context.MessageId));
        return Task.CompletedTask;
    }
}

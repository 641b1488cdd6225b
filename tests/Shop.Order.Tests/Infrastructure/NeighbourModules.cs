using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Shop.Catalog.Contracts.Messages;
using Shop.Messaging;
using Shop.Order.Contracts.Messages;

namespace Shop.Order.Tests.Infrastructure;

/// <summary>
/// The order module's neighbours in a process of their own, on the same broker: a stand-in catalog that answers
/// ReserveStock (on the real queue name, <c>catalog-reserve-stock</c>) and takes ReleaseStock, a probe that records
/// every order event, and a bus to send SubmitOrder requests as the cart does. Only the catalog's decisions are fake;
/// every message crosses RabbitMQ.
/// </summary>
internal sealed class NeighbourModules : IAsyncDisposable
{
    private readonly IHost _host;

    private NeighbourModules(IHost host, FakeCatalog catalog, ReceivedMessages received)
    {
        _host = host;
        Catalog = catalog;
        Received = received;
    }

    public FakeCatalog Catalog { get; }

    /// <summary>Everything the stand-in catalog and the probe received.</summary>
    public ReceivedMessages Received { get; }

    public static async Task<NeighbourModules> StartAsync(string rabbitMqUri)
    {
        var catalog = new FakeCatalog();
        var received = new ReceivedMessages();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ApplicationName = "Shop.Order.Tests.Neighbours",
            EnvironmentName = "Testing",
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:" + ShopMessaging.RabbitMqConnectionStringName] = rabbitMqUri,
            ["Shop:ServiceName"] = "order-tests-neighbours",
        });
        builder.Services.AddSingleton(catalog);
        builder.Services.AddSingleton(received);
        builder.Services.AddHealthChecks();
        builder.Services.AddModuleMessaging("catalog", messaging => messaging
            .AddConsumer<ReserveStockConsumer>()
            .AddConsumer<ReleaseStockConsumer>());
        builder.Services.AddModuleMessaging("probe", messaging => messaging.AddConsumer<OrderEventsConsumer>());
        builder.AddShopMessaging();

        var host = builder.Build();
        await host.StartAsync();
        var health = host.Services.GetRequiredService<HealthCheckService>();
        await Eventually.HoldsAsync(
            async () => (await health.CheckHealthAsync()).Status == HealthStatus.Healthy, "the neighbours' bus is connected");
        return new NeighbourModules(host, catalog, received);
    }

    /// <summary>Sends SubmitOrder the way the cart does: a published request, answered by whichever order replica takes it.</summary>
    public async Task<Response<OrderAccepted, OrderRejected>> SubmitAsync(SubmitOrder command)
    {
        var client = _host.Services.GetRequiredService<IBus>().CreateRequestClient<SubmitOrder>(RequestTimeout.After(s: 30));
        return await client.GetResponse<OrderAccepted, OrderRejected>(command);
    }

    /// <summary>Publishes an event as the module that owns it would, for deliveries the stand-ins do not make on their own.</summary>
    public Task PublishAsync<T>(T message)
        where T : class =>
        _host.Services.GetRequiredService<IBus>().Publish(message);

    /// <summary>Submits and asserts that the order module accepted the order.</summary>
    public async Task<OrderAccepted> SubmitAcceptedAsync(SubmitOrder command)
    {
        var response = await SubmitAsync(command);
        Assert.True(response.Is(out Response<OrderAccepted>? accepted), $"expected OrderAccepted, got {response.Message}");
        return accepted.Message;
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _host.StopAsync(timeout.Token);
        _host.Dispose();
    }
}

/// <summary>What the stand-in catalog answers: stock for everything unless a test says otherwise.</summary>
internal sealed class FakeCatalog
{
    private readonly ConcurrentDictionary<Guid, byte> _outOfStock = new();
    private readonly ConcurrentDictionary<Guid, Guid[]> _replyMessageIds = new();

    /// <summary>Reservations that include this product fail.</summary>
    public void MarkOutOfStock(Guid productId) => _outOfStock[productId] = 0;

    /// <summary>
    /// The catalog answers the order's ReserveStock with one StockReserved per id, each carrying that MessageId: a
    /// repeated id is the broker redelivering one message, a new id a second message saying the same thing.
    /// </summary>
    public void ReplyWithMessageIds(Guid orderId, params Guid[] messageIds) => _replyMessageIds[orderId] = messageIds;

    internal IReadOnlyList<Guid> OutOfStockIn(ReserveStock command) =>
        [.. command.Items.Select(item => item.ProductId).Where(_outOfStock.ContainsKey)];

    internal Guid[] ReplyMessageIds(Guid orderId) =>
        _replyMessageIds.TryGetValue(orderId, out var ids) ? ids : [NewId.NextGuid()];
}

/// <summary>Messages received by the neighbours, with their MessageIds, in arrival order.</summary>
internal sealed class ReceivedMessages
{
    private readonly ConcurrentQueue<(object Message, Guid? MessageId)> _messages = new();

    public void Record(object message, Guid? messageId) => _messages.Enqueue((message, messageId));

    public IReadOnlyList<T> Of<T>(Func<T, bool> predicate) => [.. _messages.Select(m => m.Message).OfType<T>().Where(predicate)];

    /// <summary>Waits until exactly one <typeparamref name="T"/> matching <paramref name="predicate"/> has arrived and returns it.</summary>
    public async Task<T> SingleAsync<T>(Func<T, bool> predicate, string what)
    {
        await Eventually.HoldsAsync(() => Of(predicate).Count > 0, what);
        return Assert.Single(Of(predicate));
    }
}

/// <summary>The stand-in for the catalog's ReserveStockConsumer: all or nothing, as the real one.</summary>
internal sealed class ReserveStockConsumer(FakeCatalog catalog, ReceivedMessages received) : IConsumer<ReserveStock>
{
    public async Task Consume(ConsumeContext<ReserveStock> context)
    {
        var command = context.Message;
        received.Record(command, context.MessageId);
        var missing = catalog.OutOfStockIn(command);
        if (missing.Count > 0)
        {
            await context.Publish(new StockReservationFailed(command.OrderId, missing));
            return;
        }
        foreach (var messageId in catalog.ReplyMessageIds(command.OrderId))
        {
            await context.Publish(new StockReserved(command.OrderId, command.Items), publish => publish.MessageId = messageId);
        }
    }
}

/// <summary>The stand-in for the catalog's ReleaseStockConsumer; only records what it was asked.</summary>
internal sealed class ReleaseStockConsumer(ReceivedMessages received) : IConsumer<ReleaseStock>
{
    public Task Consume(ConsumeContext<ReleaseStock> context)
    {
        received.Record(context.Message, context.MessageId);
        return Task.CompletedTask;
    }
}

/// <summary>Subscribes to the order module's events, as the cart and reporting will.</summary>
internal sealed class OrderEventsConsumer(ReceivedMessages received)
    : IConsumer<OrderSubmitted>, IConsumer<OrderConfirmed>, IConsumer<OrderCancelled>
{
    public Task Consume(ConsumeContext<OrderSubmitted> context) => Record(context);

    public Task Consume(ConsumeContext<OrderConfirmed> context) => Record(context);

    public Task Consume(ConsumeContext<OrderCancelled> context) => Record(context);

    private Task Record<T>(ConsumeContext<T> context)
        where T : class
    {
        received.Record(context.Message, context.MessageId);
        return Task.CompletedTask;
    }
}

using System.Collections.Concurrent;
using MassTransit;
using Shop.Order.Contracts.Messages;

namespace Shop.Cart.Tests.Infrastructure;

/// <summary>
/// Stands for the order module: records every <see cref="SubmitOrder"/> it receives and accepts it, reporting
/// <c>Created = false</c> for an order id it has seen, as the real module's unique order id does. Buyers a test marks
/// silent get no answer at all, like an order service that is down; buyers marked rejected get
/// <see cref="OrderRejected"/> with the given reason.
/// </summary>
public sealed class FakeOrders
{
    private readonly ConcurrentQueue<SubmitOrder> _received = new();
    private readonly ConcurrentDictionary<Guid, bool> _created = new();
    private readonly ConcurrentDictionary<string, bool> _silentBuyers = new();
    private readonly ConcurrentDictionary<string, string> _rejectedBuyers = new();

    public IReadOnlyList<SubmitOrder> ReceivedFor(string buyerId) => [.. _received.Where(o => o.BuyerId == buyerId)];

    public void Silence(string buyerId) => _silentBuyers[buyerId] = true;

    public void Unsilence(string buyerId) => _silentBuyers.TryRemove(buyerId, out _);

    /// <summary>Answers the buyer's orders with <see cref="OrderRejected"/>; <paramref name="reason"/> is one of <see cref="RejectionReasons"/>.</summary>
    public void Reject(string buyerId, string reason) => _rejectedBuyers[buyerId] = reason;

    internal bool IsSilent(string buyerId) => _silentBuyers.ContainsKey(buyerId);

    internal OrderRejected? Rejection(SubmitOrder order) =>
        _rejectedBuyers.TryGetValue(order.BuyerId, out var reason)
            ? new OrderRejected(
                order.OrderId,
                reason,
                $"Refused by the test ({reason}).",
                reason == RejectionReasons.Invalid
                    ? new Dictionary<string, string[]> { ["lines[0].quantity"] = ["quantity must be between 1 and 100."] }
                    : new Dictionary<string, string[]>())
            : null;

    internal OrderAccepted Accept(SubmitOrder order)
    {
        _received.Enqueue(order);
        return new OrderAccepted(order.OrderId, _created.TryAdd(order.OrderId, true));
    }
}

/// <summary>The order stand-in's responder.</summary>
public sealed class SubmitOrderConsumer(FakeOrders orders) : IConsumer<SubmitOrder>
{
    public async Task Consume(ConsumeContext<SubmitOrder> context)
    {
        if (orders.IsSilent(context.Message.BuyerId))
        {
            return;
        }
        if (orders.Rejection(context.Message) is { } rejection)
        {
            await context.RespondAsync(rejection);
            return;
        }
        await context.RespondAsync(orders.Accept(context.Message));
    }
}

using System.Collections.Concurrent;
using MassTransit;
using Shop.Cart.Contracts.Messages;

namespace Shop.Cart.Tests.Infrastructure;

/// <summary>Stands for the reporting module: records the cart's funnel events.</summary>
public sealed class FakeFunnel
{
    private readonly ConcurrentQueue<CartItemAdded> _itemsAdded = new();

    public IReadOnlyList<CartItemAdded> ItemsAddedBy(string buyerId) => [.. _itemsAdded.Where(e => e.BuyerId == buyerId)];

    internal void Record(CartItemAdded message) => _itemsAdded.Enqueue(message);
}

/// <summary>The reporting stand-in's consumer.</summary>
public sealed class CartItemAddedConsumer(FakeFunnel funnel) : IConsumer<CartItemAdded>
{
    public Task Consume(ConsumeContext<CartItemAdded> context)
    {
        funnel.Record(context.Message);
        return Task.CompletedTask;
    }
}

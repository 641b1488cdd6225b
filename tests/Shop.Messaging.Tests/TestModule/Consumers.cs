using MassTransit;
using Microsoft.EntityFrameworkCore;
using Shop.Messaging.Inbox;
using Shop.Messaging.Outbox;

namespace Shop.Messaging.Tests.TestModule;

/// <summary>A plain consumer that records every delivery, duplicates included: it shows what the relay really sent.</summary>
public sealed class OrderSubmittedConsumer(DeliveryLog log) : IConsumer<OrderSubmitted>
{
    public Task Consume(ConsumeContext<OrderSubmitted> context)
    {
        log.Record(this, context);
        return Task.CompletedTask;
    }
}

/// <summary>The idempotent consumer under test: a non-idempotent effect made safe by the inbox.</summary>
public sealed class AddToCounterConsumer(DeliveryLog log, IOutbox outbox) : IdempotentConsumer<AddToCounter, TestDbContext>
{
    protected override async Task HandleAsync(ConsumeContext<AddToCounter> context, TestDbContext db, CancellationToken cancellationToken)
    {
        log.Record(this, context);
        var message = context.Message;
        // An increment is not idempotent: without the inbox, every copy of one message would add again.
        var updated = await db.Counters
            .Where(c => c.Id == message.CounterId)
            .ExecuteUpdateAsync(counter => counter.SetProperty(c => c.Value, c => c.Value + message.Amount), cancellationToken);
        if (updated == 0)
        {
            throw new InvalidOperationException($"Counter {message.CounterId} does not exist.");
        }
        if (message.HoldMilliseconds > 0)
        {
            await Task.Delay(message.HoldMilliseconds, cancellationToken);
        }
        if (message.AnnounceChange)
        {
            var value = await db.Counters.Where(c => c.Id == message.CounterId).Select(c => c.Value).SingleAsync(cancellationToken);
            outbox.Publish(db, new CounterChanged(message.CounterId, value), conversationId: context.ConversationId);
        }
    }
}

/// <summary>Records the events the idempotent consumer staged.</summary>
public sealed class CounterChangedConsumer(DeliveryLog log) : IConsumer<CounterChanged>
{
    public Task Consume(ConsumeContext<CounterChanged> context)
    {
        log.Record(this, context);
        return Task.CompletedTask;
    }
}

/// <summary>Fails every attempt, so the message ends in the error queue once retries are spent.</summary>
public sealed class BreakOnPurposeConsumer(DeliveryLog log) : IConsumer<BreakOnPurpose>
{
    public Task Consume(ConsumeContext<BreakOnPurpose> context)
    {
        log.Record(this, context);
        throw new InvalidOperationException($"{nameof(BreakOnPurpose)} {context.Message.Id} always fails.");
    }
}

/// <summary>A healthy consumer on its own endpoint.</summary>
public sealed class PingConsumer(DeliveryLog log) : IConsumer<Ping>
{
    public Task Consume(ConsumeContext<Ping> context)
    {
        log.Record(this, context);
        return Task.CompletedTask;
    }
}

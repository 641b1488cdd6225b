using Microsoft.EntityFrameworkCore;
using Shop.Messaging.Conventions;
using Shop.Messaging.Outbox;
using Shop.Messaging.Tests.Infrastructure;
using Shop.Messaging.Tests.TestModule;

namespace Shop.Messaging.Tests.Outbox;

/// <summary>
/// The monolith's transport: the relay hands each outbox row to the consumers in process and marks it sent only after
/// they committed, so the outbox row is the durable queue and the inbox drops what was already processed.
/// </summary>
public sealed class InProcessDeliveryTests(MessagingFixture fixture) : IClassFixture<MessagingFixture>
{
    private static void InProcess(TestHostSettings settings) => settings.Transport = MessagingTransport.InProcess;

    [Fact]
    public async Task Send_ConsumerFailsOnce_ImmediateRetrySucceedsWithoutStackedRetries()
    {
        var log = new DeliveryLog();
        await using var host = await TestHost.StartAsync(fixture, log, InProcess);
        var id = Guid.NewGuid();

        var messageId = await host.SaveAsync((db, outbox) => outbox.Send(db, new BreakOnPurpose(id), "queue:orders-break-on-purpose"));

        await Eventually.HoldsAsync(async () => (await RowAsync(messageId)).Attempts >= 1, "the relay recorded a failed attempt");
        // One attempt is the first call plus the mediator's immediate retries, not a retry per registered consumer.
        Assert.Equal(1 + ConsumerConventions.InProcessImmediateRetries, log.Of<BreakOnPurposeConsumer, BreakOnPurpose>(m => m.Id == id).Count);
    }

    [Fact]
    public async Task Send_ConsumerStillWorking_RowStaysUnsentUntilItCommitted()
    {
        var log = new DeliveryLog();
        await using var host = await TestHost.StartAsync(fixture, log, InProcess);
        var counter = await fixture.Database.CreateCounterAsync();

        var messageId = await host.SaveAsync((db, outbox) =>
            outbox.Send(db, new AddToCounter(counter, 5, HoldMilliseconds: 1500), "queue:orders-add-to-counter"));

        await Eventually.HoldsAsync(() => log.Of<AddToCounterConsumer, AddToCounter>(m => m.CounterId == counter).Count == 1, "the consumer runs");
        Assert.Null(await SentAtAsync(messageId));
        await Eventually.HoldsAsync(async () => await SentAtAsync(messageId) is not null, "the row is marked sent");
        Assert.Equal(5, await fixture.Database.CounterValueAsync(counter));
        var delivery = Assert.Single(log.Of<AddToCounterConsumer, AddToCounter>(m => m.CounterId == counter));
        Assert.Equal(messageId, delivery.MessageId);
    }

    [Fact]
    public async Task Publish_EventWithTwoConsumers_ReachesBothOnce()
    {
        var log = new DeliveryLog();
        await using var host = await TestHost.StartAsync(fixture, log, InProcess);
        var order = Guid.NewGuid();

        var messageId = await host.SaveAsync((db, outbox) => outbox.Publish(db, new OrderSubmitted(order, "fan-out")));

        await Eventually.HoldsAsync(async () => await SentAtAsync(messageId) is not null, "the row is marked sent");
        Assert.Single(log.Of<OrderSubmittedConsumer, OrderSubmitted>(m => m.OrderId == order));
        Assert.Single(log.Of<Reporting.OrderSubmittedConsumer, OrderSubmitted>(m => m.OrderId == order));
    }

    [Fact]
    public async Task Send_ConsumerKeepsFailing_RowStaysPendingWithTheErrorAndIsRetried()
    {
        var log = new DeliveryLog();
        await using var host = await TestHost.StartAsync(fixture, log, InProcess);
        var id = Guid.NewGuid();

        var messageId = await host.SaveAsync((db, outbox) => outbox.Send(db, new BreakOnPurpose(id), "queue:orders-break-on-purpose"));

        await Eventually.HoldsAsync(async () => (await RowAsync(messageId)).Attempts >= 2, "the relay retried the row");
        var row = await RowAsync(messageId);
        Assert.Null(row.SentAt);
        Assert.Contains("always fails", row.LastError, StringComparison.Ordinal);
        // Each relay attempt runs the consumer with its immediate retries, so the consumer saw more than the attempts.
        Assert.True(log.Of<BreakOnPurposeConsumer, BreakOnPurpose>(m => m.Id == id).Count > row.Attempts);
    }

    [Fact]
    public async Task Send_ProcessDiedAfterCommit_NextProcessDelivers()
    {
        var log = new DeliveryLog();
        var counter = await fixture.Database.CreateCounterAsync();
        Guid messageId;
        // A process without a running relay stands for one killed between the commit and the dispatch.
        await using (var crashed = await TestHost.StartAsync(fixture, log, settings => (settings.Transport, settings.Relay) = (MessagingTransport.InProcess, false)))
        {
            messageId = await crashed.SaveAsync((db, outbox) => outbox.Send(db, new AddToCounter(counter, 7), "queue:orders-add-to-counter"));
        }
        Assert.Empty(log.Of<AddToCounterConsumer, AddToCounter>(m => m.CounterId == counter));

        await using var restarted = await TestHost.StartAsync(fixture, log, InProcess);

        await Eventually.HoldsAsync(async () => await SentAtAsync(messageId) is not null, "the restarted process delivered the row");
        Assert.Equal(7, await fixture.Database.CounterValueAsync(counter));
    }

    [Fact]
    public async Task Send_RowDispatchedAgainAfterItsEffectCommitted_InboxDropsTheCopy()
    {
        var log = new DeliveryLog();
        await using var host = await TestHost.StartAsync(fixture, log, InProcess);
        var counter = await fixture.Database.CreateCounterAsync();
        var messageId = await host.SaveAsync((db, outbox) => outbox.Send(db, new AddToCounter(counter, 3), "queue:orders-add-to-counter"));
        await Eventually.HoldsAsync(async () => await SentAtAsync(messageId) is not null, "the row is marked sent");

        // As after a crash between the consumers' commit and the relay's "sent" mark: the row goes out again.
        await using (var db = fixture.Database.CreateDbContext())
        {
            await db.Set<OutboxMessage>().Where(m => m.Id == messageId).ExecuteUpdateAsync(m => m.SetProperty(r => r.SentAt, (DateTimeOffset?)null));
        }
        await Eventually.HoldsAsync(async () => await SentAtAsync(messageId) is not null, "the row is dispatched again");

        Assert.Equal(3, await fixture.Database.CounterValueAsync(counter));
    }

    [Fact]
    public async Task Send_TwoReplicasShareTheOutbox_EveryEffectOnce()
    {
        const int Messages = 60;
        var log = new DeliveryLog();
        var counter = await fixture.Database.CreateCounterAsync();
        List<Guid> messageIds;
        await using (var staging = await TestHost.StartAsync(fixture, log, settings => (settings.Transport, settings.Relay) = (MessagingTransport.InProcess, false)))
        {
            messageIds = await staging.SaveAsync((db, outbox) =>
                Enumerable.Range(0, Messages).Select(_ => outbox.Send(db, new AddToCounter(counter, 1, HoldMilliseconds: 20), "queue:orders-add-to-counter")).ToList());
        }

        await using var first = await TestHost.StartAsync(fixture, log, InProcess);
        await using var second = await TestHost.StartAsync(fixture, log, InProcess);

        await Eventually.HoldsAsync(async () => await fixture.Database.CounterValueAsync(counter) == Messages, $"the counter reaches {Messages}", TimeSpan.FromSeconds(30));
        await using var db = fixture.Database.CreateDbContext();
        await Eventually.HoldsAsync(
            async () => !await db.Set<OutboxMessage>().AnyAsync(m => messageIds.Contains(m.Id) && m.SentAt == null), "no row is left pending");
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.Equal(Messages, await fixture.Database.CounterValueAsync(counter));
    }

    private async Task<OutboxMessage> RowAsync(Guid messageId)
    {
        await using var db = fixture.Database.CreateDbContext();
        return await db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.Id == messageId);
    }

    private async Task<DateTimeOffset?> SentAtAsync(Guid messageId) => (await RowAsync(messageId)).SentAt;
}

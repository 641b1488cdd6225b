using Microsoft.EntityFrameworkCore;
using Shop.Messaging.Inbox;
using Shop.Messaging.Outbox;
using Shop.Messaging.Tests.Catalog;
using Shop.Messaging.Tests.Infrastructure;
using Shop.Messaging.Tests.TestModule;

namespace Shop.Messaging.Tests.Outbox;

public sealed class OutboxRelayTests(MessagingFixture fixture) : IClassFixture<MessagingFixture>
{
    [Fact]
    public async Task Publish_TransactionRolledBack_IsNeverSent()
    {
        var log = new DeliveryLog();
        await using var host = await TestHost.StartAsync(fixture, log);
        var rolledBackOrder = Guid.NewGuid();
        var rolledBackId = await host.InTransactionAsync((db, outbox) =>
        {
            db.Orders.Add(new TestOrder { Id = rolledBackOrder, Description = "rolled back" });
            return outbox.Publish(db, new OrderSubmitted(rolledBackOrder, "rolled back"));
        }, commit: false);

        // Staged after the rollback: once the relay has delivered it, it has had every chance to send the first one.
        var laterOrder = Guid.NewGuid();
        await host.InTransactionAsync((db, outbox) => outbox.Publish(db, new OrderSubmitted(laterOrder, "committed later")));
        await Eventually.HoldsAsync(
            () => log.Of<OrderSubmittedConsumer, OrderSubmitted>(m => m.OrderId == laterOrder).Count == 1, "the later message arrived");

        Assert.Empty(log.Of<OrderSubmittedConsumer, OrderSubmitted>(m => m.OrderId == rolledBackOrder));
        await using var db = fixture.Database.CreateDbContext();
        Assert.False(await db.Set<OutboxMessage>().AnyAsync(m => m.Id == rolledBackId));
        Assert.False(await db.Orders.AnyAsync(o => o.Id == rolledBackOrder));
    }

    [Fact]
    public async Task Publish_Committed_DeliveredOnceWithOutboxIdAsMessageIdAndMarkedSent()
    {
        var log = new DeliveryLog();
        await using var host = await TestHost.StartAsync(fixture, log);
        var order = Guid.NewGuid();
        var correlationId = Guid.NewGuid();
        var conversationId = Guid.NewGuid();
        var messageId = await host.InTransactionAsync((db, outbox) =>
        {
            db.Orders.Add(new TestOrder { Id = order, Description = "committed" });
            return outbox.Publish(db, new OrderSubmitted(order, "committed"), correlationId, conversationId);
        });

        await Eventually.HoldsAsync(
            () => log.Of<OrderSubmittedConsumer, OrderSubmitted>(m => m.OrderId == order).Count == 1, "the message arrived");
        var delivery = Assert.Single(log.Of<OrderSubmittedConsumer, OrderSubmitted>(m => m.OrderId == order));
        Assert.Equal(messageId, delivery.MessageId);
        Assert.Equal(correlationId, delivery.CorrelationId);
        Assert.Equal(conversationId, delivery.ConversationId);
        Assert.Equal(new OrderSubmitted(order, "committed"), delivery.Message);

        await using var db = fixture.Database.CreateDbContext();
        await Eventually.HoldsAsync(
            async () => (await db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.Id == messageId)).SentAt is not null,
            "the row is marked sent");
        var row = await db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.Id == messageId);
        Assert.Equal(0, row.Attempts);
        Assert.Null(row.LastError);
        Assert.Equal(typeof(OrderSubmitted).FullName + ", " + typeof(OrderSubmitted).Assembly.GetName().Name, row.MessageType);
        Assert.True(await db.Orders.AnyAsync(o => o.Id == order));

        // Once marked sent the row is out of every later batch: a message staged afterwards arrives, the first stays single.
        var later = Guid.NewGuid();
        await host.SaveAsync((db, outbox) => outbox.Publish(db, new OrderSubmitted(later, "later")));
        await Eventually.HoldsAsync(
            () => log.Of<OrderSubmittedConsumer, OrderSubmitted>(m => m.OrderId == later).Count == 1, "the later message arrived");
        Assert.Single(log.Of<OrderSubmittedConsumer, OrderSubmitted>(m => m.OrderId == order));
    }

    [Fact]
    public async Task Send_QueueName_DeliveredToThatQueueOnly()
    {
        var log = new DeliveryLog();
        await using var host = await TestHost.StartAsync(fixture, log);
        var order = Guid.NewGuid();
        var messageId = await host.SaveAsync((db, outbox) => outbox.Send(db, new ReserveStock(order), "catalog-reserve-stock"));

        await Eventually.HoldsAsync(
            () => log.Of<ReserveStockConsumer, ReserveStock>(m => m.OrderId == order).Count == 1, "the command arrived");
        Assert.Equal(messageId, Assert.Single(log.Of<ReserveStockConsumer, ReserveStock>(m => m.OrderId == order)).MessageId);
        await using var db = fixture.Database.CreateDbContext();
        var row = await db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.Id == messageId);
        Assert.Equal("queue:catalog-reserve-stock", row.Destination);
    }

    [Fact]
    public async Task Relay_LocalCommit_WakesWithoutWaitingForThePoll()
    {
        var log = new DeliveryLog();
        await using var host = await TestHost.StartAsync(fixture, log, settings =>
        {
            settings.Outbox.PollingInterval = TimeSpan.FromMinutes(1);
            settings.Outbox.MaxRetryDelay = TimeSpan.FromMinutes(1);
        });
        // Let the relay finish its first pass, so that only a commit signal can make it look again within the minute.
        using var metrics = new MetricsCapture(host.Services);
        await Eventually.HoldsAsync(() => metrics.Gauge(Observability.MessagingMetrics.OutboxPending) is not null, "the relay ran its first pass");

        var inTransaction = Guid.NewGuid();
        await host.InTransactionAsync((db, outbox) => outbox.Publish(db, new OrderSubmitted(inTransaction, "explicit transaction")));
        await Eventually.HoldsAsync(
            () => log.Of<OrderSubmittedConsumer, OrderSubmitted>(m => m.OrderId == inTransaction).Count == 1,
            "the message staged in an explicit transaction arrived", TimeSpan.FromSeconds(10));

        var saveChangesOnly = Guid.NewGuid();
        await host.SaveAsync((db, outbox) => outbox.Publish(db, new OrderSubmitted(saveChangesOnly, "SaveChanges alone")));
        await Eventually.HoldsAsync(
            () => log.Of<OrderSubmittedConsumer, OrderSubmitted>(m => m.OrderId == saveChangesOnly).Count == 1,
            "the message staged with SaveChanges alone arrived", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Relay_RowsCommittedWhileNoRelayRan_DeliversThemOnceStarted()
    {
        var log = new DeliveryLog();
        var orders = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToList();
        List<Guid> messageIds;
        // The process that committed these rows dies before any relay pass: modelled by a host without a relay.
        await using (var crashed = await TestHost.StartAsync(fixture, log, settings => (settings.Relay, settings.Consumers) = (false, false)))
        {
            messageIds = await crashed.SaveAsync((db, outbox) =>
                orders.Select(order => outbox.Publish(db, new OrderSubmitted(order, "survives the crash"))).ToList());
        }
        await using (var db = fixture.Database.CreateDbContext())
        {
            Assert.Equal(20, await db.Set<OutboxMessage>().CountAsync(m => messageIds.Contains(m.Id) && m.SentAt == null));
        }

        await using var restarted = await TestHost.StartAsync(fixture, log);
        await Eventually.HoldsAsync(
            () => log.Of<OrderSubmittedConsumer, OrderSubmitted>(m => orders.Contains(m.OrderId)).Count >= 20, "every message arrived");
        var deliveries = log.Of<OrderSubmittedConsumer, OrderSubmitted>(m => orders.Contains(m.OrderId));
        Assert.Equal(messageIds.Order(), deliveries.Select(d => d.MessageId!.Value).Order());
        await using (var db = fixture.Database.CreateDbContext())
        {
            await Eventually.HoldsAsync(
                async () => await db.Set<OutboxMessage>().CountAsync(m => messageIds.Contains(m.Id) && m.SentAt != null) == 20,
                "every row is marked sent");
        }
    }

    [Fact]
    public async Task Relay_RowsOlderThanRetention_AreDeleted()
    {
        var log = new DeliveryLog();
        var oldInbox = new InboxMessage(Guid.NewGuid(), "retention-test", DateTimeOffset.UtcNow - TimeSpan.FromDays(10));
        var recentInbox = new InboxMessage(Guid.NewGuid(), "retention-test", DateTimeOffset.UtcNow - TimeSpan.FromHours(1));
        await using (var db = fixture.Database.CreateDbContext())
        {
            db.AddRange(oldInbox, recentInbox);
            await db.SaveChangesAsync();
        }

        await using var host = await TestHost.StartAsync(fixture, log, settings =>
        {
            settings.Outbox.SentRetention = TimeSpan.Zero;
            settings.Outbox.InboxRetention = TimeSpan.FromDays(1);
            settings.Outbox.CleanupInterval = TimeSpan.FromMilliseconds(200);
        });
        var order = Guid.NewGuid();
        var messageId = await host.SaveAsync((db, outbox) => outbox.Publish(db, new OrderSubmitted(order, "short-lived row")));

        await Eventually.HoldsAsync(
            () => log.Of<OrderSubmittedConsumer, OrderSubmitted>(m => m.OrderId == order).Count == 1, "the message arrived");
        await using var check = fixture.Database.CreateDbContext();
        await Eventually.HoldsAsync(
            async () => !await check.Set<OutboxMessage>().AnyAsync(m => m.Id == messageId), "the sent row is deleted");
        await Eventually.HoldsAsync(
            async () => !await check.Set<InboxMessage>().AnyAsync(m => m.MessageId == oldInbox.MessageId), "the old inbox row is deleted");
        Assert.True(await check.Set<InboxMessage>().AnyAsync(m => m.MessageId == recentInbox.MessageId));
    }

    [Fact]
    public async Task Relay_UnloadableMessageType_StaysPendingWithoutBlockingNewerRows()
    {
        var log = new DeliveryLog();
        // The oldest row names a type this process cannot load (a contract deleted by a later release, say).
        var poison = new OutboxMessage(
            Guid.NewGuid(), "Shop.Gone.Contracts.Removed, Shop.Gone.Contracts", "{}", null, DateTimeOffset.UtcNow - TimeSpan.FromMinutes(1), null, null);
        await using (var db = fixture.Database.CreateDbContext())
        {
            db.Add(poison);
            await db.SaveChangesAsync();
        }

        await using var host = await TestHost.StartAsync(fixture, log);
        var orders = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()).ToList();
        await host.SaveAsync((db, outbox) => orders.Select(order => outbox.Publish(db, new OrderSubmitted(order, "behind the poison row"))).ToList());

        await Eventually.HoldsAsync(
            () => log.Of<OrderSubmittedConsumer, OrderSubmitted>(m => orders.Contains(m.OrderId)).Count == orders.Count, "the newer rows arrived");
        await using var check = fixture.Database.CreateDbContext();
        await Eventually.HoldsAsync(
            async () => (await check.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.Id == poison.Id)).Attempts >= 2, "the row was retried");
        var row = await check.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.Id == poison.Id);
        Assert.Null(row.SentAt);
        Assert.Contains("Shop.Gone.Contracts.Removed", row.LastError, StringComparison.Ordinal);
        Assert.NotNull(row.NextAttemptAt);

        // Never dropped, but not retried for ever by later tests in this class either.
        await check.Set<OutboxMessage>().Where(m => m.Id == poison.Id).ExecuteDeleteAsync();
    }

    [Fact]
    public async Task Relay_SentMarkLostAfterConfirm_RepublishesSameMessageIdAndInboxDropsIt()
    {
        var log = new DeliveryLog();
        var counter = Guid.NewGuid();
        await using (var db = fixture.Database.CreateDbContext())
        {
            db.Counters.Add(new Counter { Id = counter });
            await db.SaveChangesAsync();
        }
        await using var host = TestHost.Create(fixture, log);
        using var metrics = new MetricsCapture(host.Services);
        await host.StartAsync();

        var messageId = await host.SaveAsync((db, outbox) => outbox.Send(db, new AddToCounter(counter, 4), "orders-add-to-counter"));
        await using var check = fixture.Database.CreateDbContext();
        await Eventually.HoldsAsync(
            async () => (await check.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.Id == messageId)).SentAt is not null, "the row is marked sent");
        await Eventually.HoldsAsync(
            async () => (await check.Counters.AsNoTracking().SingleAsync(c => c.Id == counter)).Value == 4, "the effect was applied");

        // The window the outbox cannot close: the broker confirmed, then the process died before the sent mark committed.
        await check.Set<OutboxMessage>().Where(m => m.Id == messageId).ExecuteUpdateAsync(row => row.SetProperty(m => m.SentAt, (DateTimeOffset?)null));

        await Eventually.HoldsAsync(
            () => metrics.Counter(Observability.MessagingMetrics.InboxDuplicates) == 1, "the republished copy reached the inbox as a duplicate");
        Assert.Equal(4, (await check.Counters.AsNoTracking().SingleAsync(c => c.Id == counter)).Value);
        Assert.True(metrics.Counter(Observability.MessagingMetrics.OutboxPublished) >= 2);
    }
}

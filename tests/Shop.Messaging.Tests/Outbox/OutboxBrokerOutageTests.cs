using Microsoft.EntityFrameworkCore;
using Shop.Messaging.Observability;
using Shop.Messaging.Outbox;
using Shop.Messaging.Tests.Infrastructure;
using Shop.Messaging.Tests.TestModule;

namespace Shop.Messaging.Tests.Outbox;

public sealed class OutboxBrokerOutageTests(MessagingFixture fixture) : IClassFixture<MessagingFixture>
{
    [Fact]
    public async Task Relay_BrokerUnreachable_KeepsRowsPendingThenDeliversThemWhenBack()
    {
        var log = new DeliveryLog();
        var counter = Guid.NewGuid();
        await using (var db = fixture.Database.CreateDbContext())
        {
            db.Counters.Add(new Counter { Id = counter });
            await db.SaveChangesAsync();
        }

        // The consumers reach the broker directly; only the relay's host goes through the proxy that the test cuts.
        await using var consumers = await TestHost.StartAsync(fixture, log, settings => settings.Relay = false);
        await using var proxy = new TcpProxy(TestServers.RabbitMq.Host, TestServers.RabbitMq.Port);
        proxy.Start();
        await using var relay = TestHost.Create(fixture, log, settings =>
        {
            settings.Consumers = false;
            settings.RabbitMqUri = fixture.VirtualHost.AmqpUriThrough(proxy.Port);
            settings.Outbox.PublishTimeout = TimeSpan.FromSeconds(1);
        });
        using var metrics = new MetricsCapture(relay.Services);
        await relay.StartAsync();

        var before = await relay.SaveAsync((db, outbox) => outbox.Send(db, new AddToCounter(counter, 1), "orders-add-to-counter"));
        await Eventually.HoldsAsync(() => log.Of<AddToCounterConsumer>().Any(d => d.MessageId == before), "the relay works through the proxy");

        await proxy.StopAsync();
        var during = await relay.SaveAsync((db, outbox) =>
            Enumerable.Range(0, 3).Select(_ => outbox.Send(db, new AddToCounter(counter, 10), "orders-add-to-counter")).ToList());

        await using (var db = fixture.Database.CreateDbContext())
        {
            await Eventually.HoldsAsync(
                async () => await db.Set<OutboxMessage>().AnyAsync(m => during.Contains(m.Id) && m.Attempts > 0 && m.LastError != null),
                "a publish attempt failed and was recorded on its row");
            var rows = await db.Set<OutboxMessage>().AsNoTracking().Where(m => during.Contains(m.Id)).ToListAsync();
            Assert.All(rows, row => Assert.Null(row.SentAt));
        }
        Assert.DoesNotContain(log.Of<AddToCounterConsumer>(), d => during.Contains(d.MessageId!.Value));
        Assert.True(metrics.Counter(MessagingMetrics.OutboxPublishFailures) > 0);
        await Eventually.HoldsAsync(() => metrics.Gauge(MessagingMetrics.OutboxPending) >= during.Count, "the pending gauge counts the stuck rows");
        await Eventually.HoldsAsync(() => metrics.Gauge(MessagingMetrics.OutboxOldestPendingAge) > 0, "the oldest pending row ages");

        proxy.Start();
        await using (var db = fixture.Database.CreateDbContext())
        {
            await Eventually.HoldsAsync(
                async () => await db.Set<OutboxMessage>().CountAsync(m => during.Contains(m.Id) && m.SentAt != null) == during.Count,
                "every row is sent once the broker is back", TimeSpan.FromSeconds(45));
            // A publish cut off mid-way may reach the broker and be sent again: the inbox absorbs the copy.
            await Eventually.HoldsAsync(
                async () => (await db.Counters.AsNoTracking().SingleAsync(c => c.Id == counter)).Value == 31, "the counter holds every effect once");
        }
        Assert.All(during, id => Assert.Contains(log.Of<AddToCounterConsumer>(), d => d.MessageId == id));
        await Eventually.HoldsAsync(() => metrics.Gauge(MessagingMetrics.OutboxPending) == 0, "the pending gauge drops to zero");
        Assert.True(metrics.Counter(MessagingMetrics.OutboxPublished) >= 1 + during.Count);
    }
}

using Microsoft.EntityFrameworkCore;
using Npgsql;
using Xunit.Abstractions;
using Shop.Messaging.Observability;
using Shop.Messaging.Outbox;
using Shop.Messaging.Tests.Infrastructure;
using Shop.Messaging.Tests.TestModule;

namespace Shop.Messaging.Tests.Outbox;

public sealed class OutboxReplicaTests(MessagingFixture fixture, ITestOutputHelper output) : IClassFixture<MessagingFixture>
{
    [Fact]
    public async Task Relay_TwoReplicasOnOneTable_DeliverEveryMessageExactlyOnce()
    {
        const int Backlog = 300;
        const int WhileRunning = 100;
        var log = new DeliveryLog();
        var orders = new List<Guid>();

        // A backlog waits for both replicas, as after an outage; small batches make the replicas take turns on it.
        await using (var staging = await TestHost.StartAsync(fixture, log, settings => (settings.Relay, settings.Consumers) = (false, false)))
        {
            for (var chunk = 0; chunk < Backlog / 50; chunk++)
            {
                orders.AddRange(await staging.SaveAsync((db, outbox) => Enumerable.Range(0, 50).Select(_ =>
                {
                    var order = Guid.NewGuid();
                    outbox.Publish(db, new OrderSubmitted(order, "backlog"));
                    return order;
                }).ToList()));
            }
        }

        await using var consumer = await TestHost.StartAsync(fixture, log, settings => settings.Relay = false);
        await using var first = TestHost.Create(fixture, log, ReplicaSettings);
        await using var second = TestHost.Create(fixture, log, ReplicaSettings);
        using var firstMetrics = new MetricsCapture(first.Services);
        using var secondMetrics = new MetricsCapture(second.Services);
        await Task.WhenAll(first.StartAsync(), second.StartAsync());

        // More rows committed on both replicas while their relays drain the backlog.
        var stagedWhileRunning = await Task.WhenAll(Enumerable.Range(0, WhileRunning).Select(i =>
            (i % 2 == 0 ? first : second).SaveAsync((db, outbox) =>
            {
                var order = Guid.NewGuid();
                outbox.Publish(db, new OrderSubmitted(order, "while running"));
                return order;
            })));
        orders.AddRange(stagedWhileRunning);

        var expected = orders.ToHashSet();
        await Eventually.HoldsAsync(
            () => log.Of<OrderSubmittedConsumer, OrderSubmitted>(m => expected.Contains(m.OrderId)).Count >= expected.Count,
            $"all {expected.Count} messages arrived", TimeSpan.FromSeconds(40));
        await using (var db = fixture.Database.CreateDbContext())
        {
            await Eventually.HoldsAsync(
                async () => !await db.Set<OutboxMessage>().AnyAsync(m => m.SentAt == null), "no row is left pending");
        }

        var deliveries = log.Of<OrderSubmittedConsumer, OrderSubmitted>(m => expected.Contains(m.OrderId));
        var duplicates = deliveries.GroupBy(d => ((OrderSubmitted)d.Message).OrderId).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(duplicates);
        Assert.Equal(expected.Count, deliveries.Count);
        Assert.Equal(expected.Count, deliveries.Select(d => d.MessageId).Distinct().Count());
        var (byFirst, bySecond) = (firstMetrics.Counter(MessagingMetrics.OutboxPublished), secondMetrics.Counter(MessagingMetrics.OutboxPublished));
        output.WriteLine($"first replica published {byFirst}, second {bySecond}");
        Assert.Equal(expected.Count, byFirst + bySecond);
    }

    [Fact]
    public async Task Relay_RowsLockedByAnotherReplica_SkipsThemAndNeverSendsThem()
    {
        var log = new DeliveryLog();
        List<Guid> held, free;
        await using (var staging = await TestHost.StartAsync(fixture, log, settings => (settings.Relay, settings.Consumers) = (false, false)))
        {
            held = await staging.SaveAsync((db, outbox) =>
                Enumerable.Range(0, 5).Select(_ => outbox.Publish(db, new OrderSubmitted(Guid.NewGuid(), "held by the other replica"))).ToList());
            free = await staging.SaveAsync((db, outbox) =>
                Enumerable.Range(0, 5).Select(_ => outbox.Publish(db, new OrderSubmitted(Guid.NewGuid(), "free"))).ToList());
        }

        // The other replica: it has locked the oldest rows and is publishing them.
        await using var otherReplica = new NpgsqlConnection(fixture.Database.ConnectionString);
        await otherReplica.OpenAsync();
        await using var batch = await otherReplica.BeginTransactionAsync();
        await using (var lockRows = new NpgsqlCommand(
            $"SELECT id FROM {TestDbContext.Schema}.outbox_messages WHERE id = ANY(@ids) FOR UPDATE", otherReplica, batch))
        {
            lockRows.Parameters.AddWithValue("ids", held.ToArray());
            await lockRows.ExecuteNonQueryAsync();
        }

        await using var relay = await TestHost.StartAsync(fixture, log);
        await Eventually.HoldsAsync(
            () => log.Of<OrderSubmittedConsumer>().Count(d => free.Contains(d.MessageId!.Value)) == free.Count,
            "the rows nobody held arrived although older rows were locked");
        Assert.DoesNotContain(log.Of<OrderSubmittedConsumer>(), d => held.Contains(d.MessageId!.Value));

        // The other replica marks its rows sent and commits; this relay must never send them.
        await using (var markSent = new NpgsqlCommand(
            $"UPDATE {TestDbContext.Schema}.outbox_messages SET sent_at = now() WHERE id = ANY(@ids)", otherReplica, batch))
        {
            markSent.Parameters.AddWithValue("ids", held.ToArray());
            await markSent.ExecuteNonQueryAsync();
        }
        await batch.CommitAsync();
        var marker = await relay.SaveAsync((db, outbox) => outbox.Publish(db, new OrderSubmitted(Guid.NewGuid(), "after the commit")));
        await Eventually.HoldsAsync(
            () => log.Of<OrderSubmittedConsumer>().Any(d => d.MessageId == marker), "a message staged afterwards arrived");
        Assert.DoesNotContain(log.Of<OrderSubmittedConsumer>(), d => held.Contains(d.MessageId!.Value));
    }

    private static void ReplicaSettings(TestHostSettings settings)
    {
        settings.Consumers = false;
        settings.Outbox.BatchSize = 10;
        settings.Outbox.PollingInterval = TimeSpan.FromMilliseconds(50);
    }
}

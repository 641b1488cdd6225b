using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Shop.Messaging.Inbox;
using Shop.Messaging.Observability;
using Shop.Messaging.Tests.Infrastructure;
using Shop.Messaging.Tests.TestModule;

namespace Shop.Messaging.Tests.Inbox;

public sealed class IdempotentConsumerTests(MessagingFixture fixture) : IClassFixture<MessagingFixture>
{
    private const string Queue = "queue:orders-add-to-counter";

    [Fact]
    public async Task Consume_SameMessageIdDeliveredTwice_AppliesEffectOnceAndCountsDuplicate()
    {
        var log = new DeliveryLog();
        var counter = await fixture.Database.CreateCounterAsync();
        await using var host = TestHost.Create(fixture, log);
        using var metrics = new MetricsCapture(host.Services);
        await host.StartAsync();
        var messageId = NewId.NextGuid();

        await SendAsync(host, new AddToCounter(counter, 5), messageId);
        await Eventually.HoldsAsync(async () => await fixture.Database.CounterValueAsync(counter) == 5, "the first copy was applied");
        await SendAsync(host, new AddToCounter(counter, 5), messageId);
        await Eventually.HoldsAsync(() => metrics.Counter(MessagingMetrics.InboxDuplicates) == 1, "the second copy was counted as a duplicate");

        Assert.Equal(5, await fixture.Database.CounterValueAsync(counter));
        Assert.Single(log.Of<AddToCounterConsumer>(), d => d.MessageId == messageId);
        await using var db = fixture.Database.CreateDbContext();
        var inbox = await db.Set<InboxMessage>().AsNoTracking().SingleAsync(m => m.MessageId == messageId);
        Assert.Equal(typeof(AddToCounterConsumer).FullName, inbox.Consumer);
    }

    [Fact]
    public async Task Consume_ConcurrentDuplicates_AppliesEffectOnce()
    {
        const int Copies = 6;
        var log = new DeliveryLog();
        var counter = await fixture.Database.CreateCounterAsync();
        await using var host = TestHost.Create(fixture, log);
        using var metrics = new MetricsCapture(host.Services);
        await host.StartAsync();
        var messageId = NewId.NextGuid();

        // The first copy holds its transaction open, so the others arrive while it has not committed yet: their inbox
        // insert must wait on the unique key and then find the row, not slip through.
        await Task.WhenAll(Enumerable.Range(0, Copies).Select(_ => SendAsync(host, new AddToCounter(counter, 7, HoldMilliseconds: 1500), messageId)));
        await Eventually.HoldsAsync(
            async () => await SessionsWaitingOnLocksAsync() > 0, "a copy waits on the inbox key held by the first", TimeSpan.FromSeconds(5));
        await Eventually.HoldsAsync(
            () => metrics.Counter(MessagingMetrics.InboxDuplicates) == Copies - 1, $"{Copies - 1} copies were counted as duplicates");

        Assert.Equal(7, await fixture.Database.CounterValueAsync(counter));
        Assert.Single(log.Of<AddToCounterConsumer>(), d => d.MessageId == messageId);
    }

    [Fact]
    public async Task Consume_HandlerStagesEvent_EventPublishedAfterCommitInSameConversation()
    {
        var log = new DeliveryLog();
        var counter = await fixture.Database.CreateCounterAsync();
        await using var host = await TestHost.StartAsync(fixture, log);
        var messageId = NewId.NextGuid();
        var conversationId = NewId.NextGuid();

        await SendAsync(host, new AddToCounter(counter, 3, AnnounceChange: true), messageId, conversationId);

        await Eventually.HoldsAsync(
            () => log.Of<CounterChangedConsumer, CounterChanged>(m => m.CounterId == counter).Count == 1, "the staged event arrived");
        var changed = Assert.Single(log.Of<CounterChangedConsumer, CounterChanged>(m => m.CounterId == counter));
        Assert.Equal(new CounterChanged(counter, 3), changed.Message);
        Assert.Equal(conversationId, changed.ConversationId);
        Assert.NotEqual(messageId, changed.MessageId);
    }

    [Fact]
    public async Task Consume_MessageWithoutMessageId_IsRejected()
    {
        var log = new DeliveryLog();
        var counter = await fixture.Database.CreateCounterAsync();
        await using var host = await TestHost.StartAsync(fixture, log);

        var endpoint = await host.Services.GetRequiredService<IBus>().GetSendEndpoint(new Uri(Queue));
        await endpoint.Send(new AddToCounter(counter, 1), context => context.MessageId = null);

        await Eventually.HoldsAsync(
            async () => (await fixture.VirtualHost.PeekAsync("orders-add-to-counter_error")).Any(m => m.Payload.Contains(counter.ToString(), StringComparison.Ordinal)),
            "the message without an id went to the error queue");
        Assert.Equal(0, await fixture.Database.CounterValueAsync(counter));
    }

    private async Task<long> SessionsWaitingOnLocksAsync()
    {
        await using var connection = new NpgsqlConnection(TestServers.PostgresMaintenance);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = @database AND wait_event_type = 'Lock'", connection);
        query.Parameters.AddWithValue("database", fixture.Database.Name);
        return (long)(await query.ExecuteScalarAsync())!;
    }

    private static async Task SendAsync(TestHost host, AddToCounter message, Guid messageId, Guid? conversationId = null)
    {
        var endpoint = await host.Services.GetRequiredService<IBus>().GetSendEndpoint(new Uri(Queue));
        await endpoint.Send(message, context =>
        {
            context.MessageId = messageId;
            if (conversationId is { } id)
            {
                context.ConversationId = id;
            }
        });
    }
}

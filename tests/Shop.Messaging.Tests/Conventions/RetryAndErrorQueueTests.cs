using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shop.Messaging.Conventions;
using Shop.Messaging.Inbox;
using Shop.Messaging.Tests.Infrastructure;
using Shop.Messaging.Tests.TestModule;

namespace Shop.Messaging.Tests.Conventions;

public sealed class RetryAndErrorQueueTests(MessagingFixture fixture) : IClassFixture<MessagingFixture>
{
    [Fact]
    public async Task Consume_HandlerAlwaysThrows_RetriedThenMovedToErrorQueueWhileOtherEndpointsFlow()
    {
        var log = new DeliveryLog();
        await using var host = await TestHost.StartAsync(fixture, log);
        var bus = host.Services.GetRequiredService<IBus>();
        var broken = new BreakOnPurpose(Guid.NewGuid());
        var brokenId = NewId.NextGuid();

        await (await bus.GetSendEndpoint(new Uri("queue:orders-break-on-purpose"))).Send(broken, context => context.MessageId = brokenId);
        await Eventually.HoldsAsync(() => log.Of<BreakOnPurposeConsumer>().Any(d => d.MessageId == brokenId), "the first attempt ran");

        // While that message is still being retried, another endpoint keeps consuming.
        var pings = Enumerable.Range(0, 5).Select(_ => new Ping(Guid.NewGuid())).ToList();
        var pingEndpoint = await bus.GetSendEndpoint(new Uri("queue:orders-ping"));
        foreach (var ping in pings)
        {
            await pingEndpoint.Send(ping);
        }
        await Eventually.HoldsAsync(
            () => log.Of<PingConsumer, Ping>(pings.Contains).Count == pings.Count, "the other endpoint consumed its messages");
        var lastPing = log.Of<PingConsumer, Ping>(pings.Contains).Max(d => d.ReceivedAt);

        await Eventually.HoldsAsync(
            async () => (await fixture.VirtualHost.PeekAsync("orders-break-on-purpose_error")).Any(m => m.MessageId == brokenId.ToString()),
            "the message is in the error queue");
        var attempts = log.Of<BreakOnPurposeConsumer>().Where(d => d.MessageId == brokenId).ToList();
        Assert.Equal(1 + ConsumerConventions.RetryIntervals.Count, attempts.Count);
        Assert.True(lastPing < attempts.Max(d => d.ReceivedAt), "the other endpoint finished before the failing message's last retry");

        var faulted = (await fixture.VirtualHost.PeekAsync("orders-break-on-purpose_error")).Single(m => m.MessageId == brokenId.ToString());
        Assert.Contains(nameof(InvalidOperationException), faulted.Headers["MT-Fault-ExceptionType"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Consume_IdempotentHandlerFails_LeavesNeitherEffectNorInboxRow()
    {
        var log = new DeliveryLog();
        await using var host = await TestHost.StartAsync(fixture, log);
        var missingCounter = Guid.NewGuid();
        var messageId = NewId.NextGuid();

        // No counter with that id: the handler throws after the inbox row was inserted in its transaction.
        await (await host.Services.GetRequiredService<IBus>().GetSendEndpoint(new Uri("queue:orders-add-to-counter")))
            .Send(new AddToCounter(missingCounter, 1), context => context.MessageId = messageId);

        await Eventually.HoldsAsync(
            async () => (await fixture.VirtualHost.PeekAsync("orders-add-to-counter_error")).Any(m => m.MessageId == messageId.ToString()),
            "the message is in the error queue");
        // Each attempt ran the handler again: a rolled-back attempt did not leave an inbox row that would skip the next.
        Assert.Equal(1 + ConsumerConventions.RetryIntervals.Count, log.Of<AddToCounterConsumer>().Count(d => d.MessageId == messageId));
        await using var db = fixture.Database.CreateDbContext();
        Assert.False(await db.Set<InboxMessage>().AnyAsync(m => m.MessageId == messageId));
    }
}

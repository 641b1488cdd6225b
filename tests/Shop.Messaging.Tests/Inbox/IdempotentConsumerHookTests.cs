using MassTransit;
using Microsoft.EntityFrameworkCore;
using Shop.Messaging.Conventions;
using Shop.Messaging.Inbox;
using Shop.Messaging.Observability;
using Shop.Messaging.Tests.Infrastructure;
using Shop.Messaging.Tests.TestModule;
using static Shop.Messaging.Tests.TestModule.HookJournal;

namespace Shop.Messaging.Tests.Inbox;

/// <summary>
/// The hooks of <see cref="IdempotentConsumer{TMessage, TDbContext}"/>: when BeforeTransactionAsync, the work registered
/// with AfterCommit and ShouldRetryTransaction run, and what the consumer's DbContext holds at that moment.
/// </summary>
public sealed class IdempotentConsumerHookTests(MessagingFixture fixture) : IClassFixture<MessagingFixture>
{
    /// <summary>Delivery attempts before the error queue: the first and one per retry interval.</summary>
    private static readonly int DeliveryAttempts = 1 + ConsumerConventions.RetryIntervals.Count;

    [Fact]
    public async Task Consume_NewMessage_RunsBeforeTransactionOutsideTransactionAndAfterCommitWorkAfterCommit()
    {
        await using var host = await HookProbeHost.StartAsync(fixture);
        var counter = await fixture.Database.CreateCounterAsync();
        var messageId = NewId.NextGuid();

        await host.SendAsync(new HookProbe(counter, 4), messageId);
        await host.DeliveriesFinishedAsync(messageId);

        var steps = host.Journal.Of(messageId);
        Assert.Equal([BeforeTransaction, Handle, Committed], steps.Select(step => step.Name));
        var (before, handle, committed) = (steps[0], steps[1], steps[2]);
        Assert.False(before.InTransaction, "no transaction is open before the transaction");
        Assert.False(before.ConnectionOpen, "no connection is held before the transaction");
        Assert.True(handle.InTransaction, "the handler runs inside the transaction");
        Assert.False(committed.InTransaction, "the transaction is over when the after-commit work runs");
        Assert.Equal(4, committed.CommittedValue);
        Assert.Equal(4, await fixture.Database.CounterValueAsync(counter));
    }

    [Fact]
    public async Task Consume_HandlerFailsTwiceThenSucceeds_BeforeTransactionRunsPerDeliveryAttemptAndAfterCommitWorkOnce()
    {
        await using var host = await HookProbeHost.StartAsync(fixture);
        var counter = await fixture.Database.CreateCounterAsync();
        var messageId = NewId.NextGuid();

        await host.SendAsync(new HookProbe(counter, 5, FailingRuns: 2), messageId);
        await host.DeliveriesFinishedAsync(messageId);

        // Each failed attempt rolled back its increment, so only the third one counts.
        Assert.Equal(
            [BeforeTransaction, Handle, BeforeTransaction, Handle, BeforeTransaction, Handle, Committed],
            host.Journal.NamesOf(messageId));
        Assert.All(host.Journal.Of(messageId).Where(step => step.Name == BeforeTransaction), step => Assert.False(step.InTransaction));
        Assert.Equal(5, host.Journal.Of(messageId).Single(step => step.Name == Committed).CommittedValue);
        Assert.Equal(5, await fixture.Database.CounterValueAsync(counter));
    }

    [Fact]
    public async Task Consume_ConflictRetriedInPlace_RepeatsTransactionWithoutBeforeTransactionAndCommitsOnce()
    {
        await using var host = await HookProbeHost.StartAsync(fixture);
        var counter = await fixture.Database.CreateCounterAsync();
        var messageId = NewId.NextGuid();

        await host.SendAsync(new HookProbe(counter, 6, ConflictingRuns: 2), messageId);
        await host.DeliveriesFinishedAsync(messageId);

        Assert.Equal(
            [BeforeTransaction, Handle, RetryInPlace, Handle, RetryInPlace, Handle, Committed],
            host.Journal.NamesOf(messageId));
        Assert.All(
            host.Journal.Of(messageId).Where(step => step.Name == RetryInPlace),
            step => Assert.False(step.InTransaction, "the failed run is rolled back before the decision"));
        Assert.Equal(6, await fixture.Database.CounterValueAsync(counter));
    }

    [Fact]
    public async Task Consume_ConflictOutlastsRunsInPlace_FallsBackToMessageRetryWhichRunsBeforeTransactionAgain()
    {
        await using var host = await HookProbeHost.StartAsync(fixture);
        var counter = await fixture.Database.CreateCounterAsync();
        var messageId = NewId.NextGuid();

        // Runs 1-3 fail in the first delivery attempt (the third is not repeated), run 4 fails in the second, run 5 commits.
        await host.SendAsync(new HookProbe(counter, 2, ConflictingRuns: HookProbeConsumer.MaxRunsInPlace + 1), messageId);
        await host.DeliveriesFinishedAsync(messageId);

        Assert.Equal(
            [
                BeforeTransaction, Handle, RetryInPlace, Handle, RetryInPlace, Handle,
                BeforeTransaction, Handle, RetryInPlace, Handle, Committed,
            ],
            host.Journal.NamesOf(messageId));
        Assert.Equal(2, await fixture.Database.CounterValueAsync(counter));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Consume_TransactionNeverCommits_AfterCommitWorkNeverRuns(bool failOnSave)
    {
        await using var host = await HookProbeHost.StartAsync(fixture);
        var counter = await fixture.Database.CreateCounterAsync();
        var messageId = NewId.NextGuid();

        // Either the handler throws, or it returns and SaveChanges fails on a duplicate key before the commit.
        var probe = failOnSave ? new HookProbe(counter, 1, FailOnSave: true) : new HookProbe(counter, 1, FailingRuns: int.MaxValue);
        await host.SendAsync(probe, messageId);
        await host.DeliveriesFinishedAsync(messageId);

        Assert.Contains(await fixture.VirtualHost.PeekAsync(HookProbeHost.Queue + "_error"), m => m.MessageId == messageId.ToString());

        var names = host.Journal.NamesOf(messageId);
        Assert.Equal(DeliveryAttempts, names.Count(name => name == BeforeTransaction));
        Assert.Equal(DeliveryAttempts, names.Count(name => name == Handle));
        Assert.DoesNotContain(Committed, names);
        Assert.Equal(0, await fixture.Database.CounterValueAsync(counter));
        await using var db = CreateDbContext();
        Assert.False(await db.Set<InboxMessage>().AnyAsync(m => m.MessageId == messageId));
    }

    [Fact]
    public async Task Consume_SameMessageIdTwice_AfterCommitWorkRunsForFirstCopyOnly()
    {
        await using var host = await HookProbeHost.StartAsync(fixture);
        using var metrics = new MetricsCapture(host.Services);
        var counter = await fixture.Database.CreateCounterAsync();
        var messageId = NewId.NextGuid();

        await host.SendAsync(new HookProbe(counter, 3), messageId);
        await host.DeliveriesFinishedAsync(messageId);
        await host.SendAsync(new HookProbe(counter, 3), messageId);
        await host.DeliveriesFinishedAsync(messageId, count: 2);

        // BeforeTransaction runs for the copy too: the inbox is checked inside the transaction.
        Assert.Equal([BeforeTransaction, Handle, Committed, BeforeTransaction], host.Journal.NamesOf(messageId));
        Assert.Equal(1, metrics.Counter(MessagingMetrics.InboxDuplicates));
        Assert.Equal(3, await fixture.Database.CounterValueAsync(counter));
    }

    [Fact]
    public async Task Consume_AfterCommitWorkThrows_LogsWarningAndDoesNotRetryDelivery()
    {
        await using var host = await HookProbeHost.StartAsync(fixture);
        using var metrics = new MetricsCapture(host.Services);
        var counter = await fixture.Database.CreateCounterAsync();
        var messageId = NewId.NextGuid();

        await host.SendAsync(new HookProbe(counter, 8, FailAfterCommit: true), messageId);
        await host.DeliveriesFinishedAsync(messageId);

        // A retry would have run BeforeTransaction again and met the inbox row as a duplicate.
        Assert.Equal([BeforeTransaction, Handle, Committed], host.Journal.NamesOf(messageId));
        Assert.Equal(0, metrics.Counter(MessagingMetrics.InboxDuplicates));
        var warning = Assert.Single(host.Logs.Entries, entry => entry.EventId.Id == 5112);
        Assert.Contains(messageId.ToString(), warning.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(warning.Exception);
        Assert.Equal(8, await fixture.Database.CounterValueAsync(counter));
        Assert.DoesNotContain(
            await fixture.VirtualHost.PeekAsync(HookProbeHost.Queue + "_error"), m => m.MessageId == messageId.ToString());
    }

    private TestDbContext CreateDbContext() =>
        new(new DbContextOptionsBuilder<TestDbContext>().UseNpgsql(fixture.Database.ConnectionString).Options);
}

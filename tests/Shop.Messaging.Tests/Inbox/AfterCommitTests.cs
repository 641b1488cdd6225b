using MassTransit;
using Shop.Messaging.Conventions;
using Shop.Messaging.Inbox;
using Shop.Messaging.Tests.Infrastructure;
using Shop.Messaging.Tests.TestModule;
using static Shop.Messaging.Tests.TestModule.HookJournal;

namespace Shop.Messaging.Tests.Inbox;

/// <summary>
/// Work a handler registers with <c>AfterCommit</c> on <see cref="IdempotentConsumer{TMessage, TDbContext}"/>: it runs
/// after the transaction committed, only for the run that committed, never for a rolled-back run or a duplicate.
/// <see cref="HookProbeConsumer"/> registers its works at the start of every run, before the run fails (if it does).
/// </summary>
public sealed class AfterCommitTests(MessagingFixture fixture) : IClassFixture<MessagingFixture>
{
    [Fact]
    public async Task AfterCommit_TransactionCommits_RunsEveryWorkOnceInTheOrderRegisteredAndSeesTheCommittedChange()
    {
        await using var host = await HookProbeHost.StartAsync(fixture);
        var counter = await fixture.Database.CreateCounterAsync();
        var messageId = NewId.NextGuid();

        await host.SendAsync(new HookProbe(counter, 7, AfterCommitWorks: 3), messageId);
        await host.DeliveriesFinishedAsync(messageId);

        var works = host.Journal.Of(messageId).Where(step => step.Name == Committed).ToList();
        Assert.Equal([1, 2, 3], works.Select(step => step.Work));
        Assert.All(works, step =>
        {
            Assert.False(step.InTransaction, "the transaction is over when the work runs");
            Assert.Equal(7, step.CommittedValue);
        });
    }

    [Fact]
    public async Task AfterCommit_RunsRolledBackAndRepeatedInPlace_RunsOnlyTheWorkOfTheRunThatCommitted()
    {
        await using var host = await HookProbeHost.StartAsync(fixture);
        var counter = await fixture.Database.CreateCounterAsync();
        var messageId = NewId.NextGuid();

        // Runs 1 and 2 register their work, then lose a race and roll back; run 3 commits.
        await host.SendAsync(new HookProbe(counter, 2, ConflictingRuns: 2, AfterCommitWorks: 2), messageId);
        await host.DeliveriesFinishedAsync(messageId);

        var works = host.Journal.Of(messageId).Where(step => step.Name == Committed).ToList();
        Assert.Equal([(3, 1), (3, 2)], works.Select(step => (step.Run, step.Work)));
        Assert.Equal(2, await fixture.Database.CounterValueAsync(counter));
    }

    [Fact]
    public async Task AfterCommit_DeliveryAttemptsRolledBackThenOneCommits_RunsOnlyTheCommittedAttemptsWork()
    {
        await using var host = await HookProbeHost.StartAsync(fixture);
        var counter = await fixture.Database.CreateCounterAsync();
        var messageId = NewId.NextGuid();

        await host.SendAsync(new HookProbe(counter, 4, FailingRuns: 2), messageId);
        await host.DeliveriesFinishedAsync(messageId);

        var work = Assert.Single(host.Journal.Of(messageId), step => step.Name == Committed);
        Assert.Equal(3, work.Run);
    }

    [Fact]
    public async Task AfterCommit_TransactionNeverCommits_NoWorkRuns()
    {
        await using var host = await HookProbeHost.StartAsync(fixture);
        var counter = await fixture.Database.CreateCounterAsync();
        var messageId = NewId.NextGuid();

        await host.SendAsync(new HookProbe(counter, 1, FailingRuns: int.MaxValue, AfterCommitWorks: 2), messageId);
        await host.DeliveriesFinishedAsync(messageId);

        Assert.Equal(1 + ConsumerConventions.RetryIntervals.Count, host.Journal.NamesOf(messageId).Count(name => name == Handle));
        Assert.DoesNotContain(Committed, host.Journal.NamesOf(messageId));
    }

    [Fact]
    public async Task AfterCommit_Duplicate_RunsNoWork()
    {
        await using var host = await HookProbeHost.StartAsync(fixture);
        var counter = await fixture.Database.CreateCounterAsync();
        var messageId = NewId.NextGuid();

        await host.SendAsync(new HookProbe(counter, 5), messageId);
        await host.DeliveriesFinishedAsync(messageId);
        await host.SendAsync(new HookProbe(counter, 5), messageId);
        await host.DeliveriesFinishedAsync(messageId, count: 2);

        Assert.Single(host.Journal.Of(messageId), step => step.Name == Committed);
        Assert.Equal(1, host.Journal.NamesOf(messageId).Count(name => name == Handle));
    }

    [Fact]
    public async Task AfterCommit_FirstWorkThrows_LogsItAndStillRunsTheNext()
    {
        await using var host = await HookProbeHost.StartAsync(fixture);
        var counter = await fixture.Database.CreateCounterAsync();
        var messageId = NewId.NextGuid();

        await host.SendAsync(new HookProbe(counter, 3, FailAfterCommit: true, AfterCommitWorks: 2), messageId);
        await host.DeliveriesFinishedAsync(messageId);

        Assert.Equal([1, 2], host.Journal.Of(messageId).Where(step => step.Name == Committed).Select(step => step.Work));
        Assert.Single(host.Logs.Entries, entry => entry.EventId.Id == 5112);
    }
}

using System.Collections.Concurrent;
using System.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Shop.Messaging.Inbox;

namespace Shop.Messaging.Tests.TestModule;

/// <summary>
/// A command for <see cref="HookProbeConsumer"/>: adds <paramref name="Amount"/> to a counter, and scripts how its runs
/// fail.
/// </summary>
/// <param name="CounterId">The counter to add to.</param>
/// <param name="Amount">What to add.</param>
/// <param name="ConflictingRuns">The first runs of the handler (for this message, across deliveries) that throw
/// <see cref="ProbeConflictException"/>, which the consumer repeats in place.</param>
/// <param name="FailingRuns">The first runs of the handler that throw an error that is not repeated in place.</param>
/// <param name="FailOnSave">Every run stages a row that breaks a unique key, so SaveChanges fails after the handler returned.</param>
/// <param name="FailAfterCommit">The first work registered for after the commit throws.</param>
/// <param name="AfterCommitWorks">How many works each run registers for after the commit, before it fails (if it does).</param>
public sealed record HookProbe(
    Guid CounterId,
    int Amount,
    int ConflictingRuns = 0,
    int FailingRuns = 0,
    bool FailOnSave = false,
    bool FailAfterCommit = false,
    int AfterCommitWorks = 1);

/// <summary>What <see cref="HookProbeConsumer"/> saw at each step, in order, for every message.</summary>
public sealed class HookJournal
{
    public const string BeforeTransaction = "before-transaction";
    public const string Handle = "handle";
    public const string RetryInPlace = "retry-in-place";
    public const string Committed = "committed";

    private readonly ConcurrentQueue<HookStep> _steps = new();

    public void Record(HookStep step) => _steps.Enqueue(step);

    public IReadOnlyList<HookStep> Of(Guid messageId) => [.. _steps.Where(step => step.MessageId == messageId)];

    public IReadOnlyList<string> NamesOf(Guid messageId) => [.. Of(messageId).Select(step => step.Name)];
}

/// <param name="MessageId">The message.</param>
/// <param name="Name">One of the <see cref="HookJournal"/> constants.</param>
/// <param name="InTransaction">The consumer's DbContext had a transaction open.</param>
/// <param name="ConnectionOpen">The consumer's DbContext held a database connection.</param>
/// <param name="CommittedValue">At <see cref="HookJournal.Committed"/>: the counter as another connection reads it.</param>
/// <param name="Run">At <see cref="HookJournal.Committed"/>: the run of the handler (1 for the first) that registered the work.</param>
/// <param name="Work">At <see cref="HookJournal.Committed"/>: which of that run's works it is, 1 for the first registered.</param>
public sealed record HookStep(
    Guid MessageId, string Name, bool InTransaction, bool ConnectionOpen, int? CommittedValue = null, int? Run = null, int? Work = null);

/// <summary>Thrown by a run that lost a (simulated) race; the probe repeats the transaction in place for it.</summary>
public sealed class ProbeConflictException(string message) : Exception(message);

/// <summary>
/// An idempotent consumer that uses every hook of <see cref="IdempotentConsumer{TMessage, TDbContext}"/> (and registers
/// work for after the commit at the start of every run, so that a failing run has some to lose) and records in
/// <see cref="HookJournal"/> when each ran and what the DbContext held at that moment.
/// </summary>
public sealed class HookProbeConsumer(HookJournal journal) : IdempotentConsumer<HookProbe, TestDbContext>
{
    /// <summary>Runs of one delivery attempt before a conflict goes to the message retry policy.</summary>
    public const int MaxRunsInPlace = 3;

    protected override Task BeforeTransactionAsync(ConsumeContext<HookProbe> context, CancellationToken cancellationToken)
    {
        Record(context, HookJournal.BeforeTransaction);
        return Task.CompletedTask;
    }

    protected override async Task HandleAsync(ConsumeContext<HookProbe> context, TestDbContext db, CancellationToken cancellationToken)
    {
        var run = journal.Of(context.MessageId!.Value).Count(step => step.Name == HookJournal.Handle) + 1;
        Record(context, HookJournal.Handle);
        var message = context.Message;
        for (var work = 1; work <= message.AfterCommitWorks; work++)
        {
            var registered = work;
            AfterCommit(() => CommittedAsync(context, run, registered));
        }
        await db.Counters
            .Where(c => c.Id == message.CounterId)
            .ExecuteUpdateAsync(counter => counter.SetProperty(c => c.Value, c => c.Value + message.Amount), cancellationToken);
        if (run <= message.ConflictingRuns)
        {
            throw new ProbeConflictException($"Run {run} of {context.MessageId} lost a race.");
        }
        if (run <= message.FailingRuns)
        {
            throw new InvalidOperationException($"Run {run} of {context.MessageId} fails on purpose.");
        }
        if (message.FailOnSave)
        {
            db.Counters.Add(new Counter { Id = message.CounterId });
        }
    }

    private async Task CommittedAsync(ConsumeContext<HookProbe> context, int run, int work)
    {
        // Another connection sees only what has committed.
        var options = context.GetServiceOrCreateInstance<DbContextOptions<TestDbContext>>();
        await using var other = new TestDbContext(options);
        var value = await other.Counters.Where(c => c.Id == context.Message.CounterId).Select(c => c.Value).SingleAsync(context.CancellationToken);
        Record(context, HookJournal.Committed, value, run, work);
        if (context.Message.FailAfterCommit && work == 1)
        {
            throw new InvalidOperationException($"The after-commit work of {context.MessageId} fails on purpose.");
        }
    }

    protected override bool ShouldRetryTransaction(ConsumeContext<HookProbe> context, Exception exception, int attempt)
    {
        if (exception is not ProbeConflictException || attempt >= MaxRunsInPlace)
        {
            return false;
        }
        Record(context, HookJournal.RetryInPlace);
        return true;
    }

    private void Record(ConsumeContext<HookProbe> context, string name, int? committedValue = null, int? run = null, int? work = null)
    {
        var db = context.GetServiceOrCreateInstance<TestDbContext>();
        journal.Record(new HookStep(
            context.MessageId!.Value,
            name,
            InTransaction: db.Database.CurrentTransaction is not null,
            ConnectionOpen: db.Database.GetDbConnection().State != ConnectionState.Closed,
            committedValue,
            run,
            work));
    }
}

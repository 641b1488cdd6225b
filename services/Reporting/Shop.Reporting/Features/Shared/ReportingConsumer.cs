using MassTransit;
using Microsoft.EntityFrameworkCore;
using Shop.Messaging.Inbox;
using Shop.Reporting.Diagnostics;
using Shop.Reporting.Persistence;
using Shop.Reporting.Projections;

namespace Shop.Reporting.Features.Shared;

/// <summary>
/// A consumer that applies one event to the reports inside the inbox transaction
/// (<see cref="IdempotentConsumer{TMessage, TDbContext}"/>): the read-model upserts and the processed MessageId commit
/// together, so a redelivered copy changes the reports once. The metrics (and the logs a consumer registers with
/// <c>AfterCommit</c>) are written once the transaction has committed; a rolled-back run and a copy dropped by the inbox
/// write nothing.
/// </summary>
/// <typeparam name="TMessage">The consumed event.</typeparam>
internal abstract class ReportingConsumer<TMessage>(ReportingMetrics metrics, TimeProvider time)
    : IdempotentConsumer<TMessage, ReportingDbContext>
    where TMessage : class
{
    /// <summary>
    /// How long one statement may wait. A rebuild holds the read-model tables for as long as it runs, and a consumer
    /// should wait for it rather than fail its retries and send the event to the error queue. Statements that do not
    /// wait for a lock take milliseconds.
    /// </summary>
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(10);

    protected sealed override async Task HandleAsync(ConsumeContext<TMessage> context, ReportingDbContext db, CancellationToken cancellationToken)
    {
        db.Database.SetCommandTimeout(CommandTimeout);
        var message = context.Message;
        var outcome = await ApplyAsync(message, db, cancellationToken);
        AfterCommit(() => metrics.EventConsumed(typeof(TMessage).Name, outcome, time.GetUtcNow() - OccurredAt(message)));
    }

    /// <summary>
    /// Applies the event to the reports and returns the <c>outcome</c> metric tag (see <see cref="Outcomes"/>), recorded
    /// after the commit; a log line about it is registered with <c>AfterCommit</c>.
    /// </summary>
    protected abstract Task<string> ApplyAsync(TMessage message, ReportingDbContext db, CancellationToken cancellationToken);

    /// <summary>When the event happened according to its sender: where the lag is measured from.</summary>
    protected abstract DateTimeOffset OccurredAt(TMessage message);
}

/// <summary>The values of the <c>outcome</c> metric tag.</summary>
internal static class Outcomes
{
    public const string Applied = "applied";
    public const string AlreadyApplied = "already-applied";
    public const string Stale = "stale";
    public const string Conflicting = "conflicting";

    public static string Name(TransitionOutcome outcome) => outcome switch
    {
        TransitionOutcome.Applied => Applied,
        TransitionOutcome.AlreadyApplied => AlreadyApplied,
        TransitionOutcome.Stale => Stale,
        _ => Conflicting,
    };
}

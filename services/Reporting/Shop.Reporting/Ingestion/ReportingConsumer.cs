using MassTransit;
using Microsoft.EntityFrameworkCore;
using Shop.Messaging.Inbox;
using Shop.Reporting.Diagnostics;
using Shop.Reporting.Persistence;

namespace Shop.Reporting.Ingestion;

/// <summary>
/// A consumer that applies one event to the reports inside the inbox transaction
/// (<see cref="IdempotentConsumer{TMessage, TDbContext}"/>): the read-model upserts and the processed MessageId commit
/// together, so a redelivered copy changes the reports once. The metrics are recorded once the transaction has
/// committed; a rolled-back run and a copy dropped by the inbox record nothing.
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

    /// <summary>What the last run of the transaction did: the one that committed.</summary>
    private EventResult? _result;

    protected sealed override async Task HandleAsync(ConsumeContext<TMessage> context, ReportingDbContext db, CancellationToken cancellationToken)
    {
        // Set afresh by every run: the transaction may run again after a transient failure, and only the last one commits.
        _result = null;
        db.Database.SetCommandTimeout(CommandTimeout);
        _result = await ApplyAsync(context.Message, db, cancellationToken);
    }

    protected sealed override Task OnCommittedAsync(ConsumeContext<TMessage> context, CancellationToken cancellationToken)
    {
        if (_result is { } result)
        {
            metrics.EventConsumed(typeof(TMessage).Name, result.Outcome, time.GetUtcNow() - OccurredAt(context.Message));
            result.Log?.Invoke();
        }
        return Task.CompletedTask;
    }

    /// <summary>Applies the event to the reports; says what it did, for the metrics and logs written after the commit.</summary>
    protected abstract Task<EventResult> ApplyAsync(TMessage message, ReportingDbContext db, CancellationToken cancellationToken);

    /// <summary>When the event happened according to its sender: where the lag is measured from.</summary>
    protected abstract DateTimeOffset OccurredAt(TMessage message);
}

/// <summary>What applying one event did.</summary>
/// <param name="Outcome">The <c>outcome</c> metric tag (see <see cref="Outcomes"/>).</param>
/// <param name="Log">The log line to write once the change has committed, if any.</param>
internal sealed record EventResult(string Outcome, Action? Log = null);

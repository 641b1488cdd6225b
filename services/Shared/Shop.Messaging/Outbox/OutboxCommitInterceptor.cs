using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Shop.Messaging.Outbox;

/// <summary>
/// Wakes the relay right after a transaction that staged outbox rows commits, instead of leaving them until the next
/// poll. It covers explicit transactions (BeginTransaction ... Commit) and SaveChanges on its own. A transaction that EF
/// does not see commit (an external DbTransaction) is still covered by polling.
/// </summary>
/// <remarks>
/// A rollback leaves the mark in place on purpose: the staged rows are still in the change tracker and a retried
/// SaveChanges may commit them. At worst a later commit of the same context wakes the relay once for nothing.
/// </remarks>
internal sealed class OutboxCommitInterceptor<TDbContext>(OutboxSignal<TDbContext> signal) : ISaveChangesInterceptor, IDbTransactionInterceptor
    where TDbContext : DbContext
{
    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        OnSaved(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        OnSaved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => OnCommitted(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        OnCommitted(eventData.Context);
        return Task.CompletedTask;
    }

    private void OnSaved(DbContext? context)
    {
        // Without an open transaction, SaveChanges has committed on its own by the time it returns.
        if (context is not null && context.Database.CurrentTransaction is null && CommitSignals.TryConsume(context))
        {
            signal.Notify();
        }
    }

    private void OnCommitted(DbContext? context)
    {
        if (context is not null && CommitSignals.TryConsume(context))
        {
            signal.Notify();
        }
    }
}

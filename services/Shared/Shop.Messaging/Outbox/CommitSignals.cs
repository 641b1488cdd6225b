using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;

namespace Shop.Messaging.Outbox;

/// <summary>
/// Remembers which DbContext instances have staged outbox rows that are not yet committed, so the commit interceptor
/// wakes the relay only for transactions that actually carry messages.
/// </summary>
internal static class CommitSignals
{
    private static readonly ConditionalWeakTable<DbContext, object> Staged = [];
    private static readonly object Marker = new();

    public static void MarkStaged(DbContext dbContext) => Staged.AddOrUpdate(dbContext, Marker);

    public static bool TryConsume(DbContext dbContext) => Staged.Remove(dbContext);
}

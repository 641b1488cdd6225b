using Microsoft.EntityFrameworkCore;
using Shop.Reporting.Persistence;
using Shop.Reporting.Projections;

namespace Shop.Reporting.Features.OrderEvents;

/// <summary>Applies one order event to the reports, inside the caller's transaction.</summary>
internal static class OrderReports
{
    /// <summary>
    /// <c>pg_advisory_xact_lock(class, key)</c>: the first number names this lock's purpose ("RPOR", reporting order),
    /// so it cannot collide with other advisory locks of the database (the monolith may share one); the second is a
    /// hash of the order id. A hash collision only makes two orders wait for each other briefly.
    /// </summary>
    private const string LockOrder = "SELECT pg_advisory_xact_lock(1380994898, hashtext({0}::text))";

    /// <summary>
    /// The lock every write to the orders table takes anyway, taken up front: it waits while a rebuild holds the table,
    /// so the record read next (in a statement of its own, hence a fresh snapshot) is the rebuilt one, never a record the
    /// rebuild is replacing. It does not conflict with other consumers.
    /// </summary>
    private const string WaitForRebuild = $"LOCK TABLE {ReportingSchema.Orders.Qualified} IN ROW EXCLUSIVE MODE";

    /// <summary>
    /// Serialises the events of one order (they arrive on three queues, possibly at the same moment), reads what is
    /// recorded about the order, runs the pure <see cref="OrderProjection"/> and writes its result. The advisory lock on
    /// the order, held until commit, guarantees that the second of two concurrent events sees the first one's record,
    /// including when the order had no record yet, which a row lock could not cover.
    /// </summary>
    /// <remarks>
    /// Without <see cref="WaitForRebuild"/>, an event read against the old record just before a rebuild commits would
    /// then be written on top of the rebuilt figures, which already include it: counted twice.
    /// </remarks>
    public static async Task<OrderTransition> ApplyAsync(ReportingDbContext db, OrderEvent orderEvent, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlRawAsync(WaitForRebuild, cancellationToken);
        await db.Database.ExecuteSqlRawAsync(LockOrder, [orderEvent.OrderId], cancellationToken);
        var current = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.OrderId == orderEvent.OrderId, cancellationToken);
        var transition = OrderProjection.Apply(current, orderEvent);
        if (transition.Outcome == TransitionOutcome.Applied)
        {
            await ReportWriter.WriteOrdersAsync(db, [transition.Next!], cancellationToken);
            await ReportWriter.WriteAsync(db, transition.Changes, cancellationToken);
        }
        return transition;
    }
}

using Shop.Reporting.Projections;

namespace Shop.Reporting.Rebuild;

/// <summary>
/// Where a rebuild reads the orders from: every order once, each with its whole history, oldest event first. The
/// rebuild replays each history through <see cref="OrderProjection"/>, the same code the consumers run, so any
/// source that can say what happened to each order (the order database, an event archive) rebuilds the same figures.
/// </summary>
internal interface IOrderHistorySource
{
    /// <summary>
    /// Streams the histories. The rebuild starts reading only after it has locked the read models, so the source should
    /// take its snapshot when enumeration begins, not before.
    /// </summary>
    IAsyncEnumerable<OrderHistory> ReadAsync(CancellationToken cancellationToken);
}

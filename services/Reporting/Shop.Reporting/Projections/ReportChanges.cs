using System.Text;
using Shop.Order.Contracts;

namespace Shop.Reporting.Projections;

/// <summary>Orders, units and money added to (or, when negative, taken from) one counter of the reports.</summary>
/// <param name="Orders">Orders.</param>
/// <param name="Items">Units.</param>
/// <param name="Amount">Money: revenue of sales, or the value of the orders counted.</param>
internal readonly record struct Totals(long Orders, long Items, decimal Amount)
{
    public bool IsZero => Orders == 0 && Items == 0 && Amount == 0;

    public static Totals operator +(Totals left, Totals right) =>
        new(left.Orders + right.Orders, left.Items + right.Items, left.Amount + right.Amount);

    public static Totals operator -(Totals value) => new(-value.Orders, -value.Items, -value.Amount);
}

/// <summary>The order-status counter a change applies to; the reason is empty unless the status is Cancelled.</summary>
internal readonly record struct StatusKey(string Status, string CancelReason);

/// <summary>
/// Units and revenue of one product, and the name of its latest sale. The name follows the most recent confirmation
/// (by time, then by name byte by byte), so the result does not depend on the order sales are added in.
/// </summary>
internal readonly record struct ProductTotals(string Name, long Quantity, decimal Revenue, DateTimeOffset LastSoldAt)
{
    public ProductTotals Add(ProductTotals other)
    {
        var newer = IsNewer(other, this) ? other : this;
        return new ProductTotals(newer.Name, Quantity + other.Quantity, Revenue + other.Revenue, newer.LastSoldAt);
    }

    /// <summary>
    /// The same rule as the SQL upsert, which compares names <c>COLLATE "C"</c>: bytewise on UTF-8, shorter first on a
    /// common prefix. Comparing the UTF-8 bytes here keeps a rebuild identical to what the consumers wrote.
    /// </summary>
    private static bool IsNewer(ProductTotals candidate, ProductTotals current)
    {
        var byTime = candidate.LastSoldAt.UtcTicks.CompareTo(current.LastSoldAt.UtcTicks);
        if (byTime != 0)
        {
            return byTime > 0;
        }
        return Encoding.UTF8.GetBytes(candidate.Name).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(current.Name)) > 0;
    }
}

/// <summary>When a buyer first reached each step of the funnel; a null step is not reached (as far as these changes know).</summary>
internal readonly record struct FunnelMarks(DateTimeOffset? CartedAt, DateTimeOffset? CheckedOutAt, DateTimeOffset? ConfirmedAt)
{
    /// <summary>The earliest time of each step, like SQL's <c>LEAST</c>, which ignores nulls.</summary>
    public FunnelMarks Add(FunnelMarks other) =>
        new(Earliest(CartedAt, other.CartedAt), Earliest(CheckedOutAt, other.CheckedOutAt), Earliest(ConfirmedAt, other.ConfirmedAt));

    private static DateTimeOffset? Earliest(DateTimeOffset? left, DateTimeOffset? right) =>
        left is null ? right : right is null ? left : left.Value.UtcTicks <= right.Value.UtcTicks ? left : right;
}

/// <summary>
/// Changes to the aggregate read models (sales per minute, per product, per order status, and the funnel) that one or
/// many events cause. Every change is additive (sums, or the earliest/latest of two values), so changes can be merged
/// in any order and applied with atomic upserts: a consumer writes the changes of one event, the rebuild merges those of
/// every order first and writes them once. <see cref="Persistence.ReportWriter"/> applies them in key order, which is
/// what keeps concurrent transactions from deadlocking on each other's rows.
/// </summary>
internal sealed class ReportChanges
{
    private readonly Dictionary<StatusKey, Totals> _statuses = [];
    private readonly Dictionary<DateTimeOffset, Totals> _minutes = [];
    private readonly Dictionary<Guid, ProductTotals> _products = [];
    private readonly Dictionary<string, FunnelMarks> _buyers = new(StringComparer.Ordinal);

    public bool IsEmpty => _statuses.Count == 0 && _minutes.Count == 0 && _products.Count == 0 && _buyers.Count == 0;

    /// <summary>Status counters in a fixed order, leaving out those that net to nothing.</summary>
    public IEnumerable<KeyValuePair<StatusKey, Totals>> Statuses =>
        _statuses.Where(pair => !pair.Value.IsZero)
            .OrderBy(pair => pair.Key.Status, StringComparer.Ordinal)
            .ThenBy(pair => pair.Key.CancelReason, StringComparer.Ordinal);

    /// <summary>Minute buckets, oldest first.</summary>
    public IEnumerable<KeyValuePair<DateTimeOffset, Totals>> Minutes =>
        _minutes.Where(pair => !pair.Value.IsZero).OrderBy(pair => pair.Key.UtcTicks);

    /// <summary>Products in id order.</summary>
    public IEnumerable<KeyValuePair<Guid, ProductTotals>> Products => _products.OrderBy(pair => pair.Key);

    /// <summary>Buyers in ordinal order.</summary>
    public IEnumerable<KeyValuePair<string, FunnelMarks>> Buyers => _buyers.OrderBy(pair => pair.Key, StringComparer.Ordinal);

    public void AddStatus(string status, string? cancelReason, Totals totals)
    {
        var key = new StatusKey(status, cancelReason ?? "");
        _statuses[key] = _statuses.GetValueOrDefault(key) + totals;
    }

    /// <summary>A sale confirmed at <paramref name="confirmedAt"/>: its minute bucket and each of its products.</summary>
    public void AddSale(DateTimeOffset confirmedAt, IReadOnlyList<OrderLine> lines, decimal total)
    {
        var minute = BucketTime.Minute(confirmedAt);
        _minutes[minute] = _minutes.GetValueOrDefault(minute) + new Totals(1, lines.Sum(line => (long)line.Quantity), total);
        foreach (var line in lines)
        {
            AddProduct(line.ProductId, new ProductTotals(line.Name, line.Quantity, line.UnitPrice * line.Quantity, confirmedAt));
        }
    }

    public void MarkBuyer(string buyerId, FunnelMarks marks) =>
        _buyers[buyerId] = _buyers.TryGetValue(buyerId, out var existing) ? existing.Add(marks) : marks;

    /// <summary>Adds every change of <paramref name="other"/> to these.</summary>
    public void Merge(ReportChanges other)
    {
        foreach (var (key, totals) in other._statuses)
        {
            _statuses[key] = _statuses.GetValueOrDefault(key) + totals;
        }
        foreach (var (minute, totals) in other._minutes)
        {
            _minutes[minute] = _minutes.GetValueOrDefault(minute) + totals;
        }
        foreach (var (productId, totals) in other._products)
        {
            AddProduct(productId, totals);
        }
        foreach (var (buyerId, marks) in other._buyers)
        {
            MarkBuyer(buyerId, marks);
        }
    }

    private void AddProduct(Guid productId, ProductTotals totals) =>
        _products[productId] = _products.TryGetValue(productId, out var existing) ? existing.Add(totals) : totals;
}

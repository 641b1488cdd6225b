using System.Diagnostics.Metrics;

namespace Shop.Order.Diagnostics;

/// <summary>
/// The module's instruments, on one Meter named <see cref="MeterName"/> (exported because it matches "Shop.*").
/// Prometheus sees them as <c>shop_order_submitted_total</c>, <c>shop_order_confirmation_latency_seconds</c> and so on.
/// Every instrument is updated after the transaction that made the change has committed, so a rolled-back or
/// retried attempt is never counted.
/// </summary>
internal sealed class OrderMetrics
{
    public const string MeterName = "Shop.Order";
    public const string Submitted = "shop.order.submitted";
    public const string Rejected = "shop.order.rejected";
    public const string Confirmed = "shop.order.confirmed";
    public const string Cancelled = "shop.order.cancelled";
    public const string Revenue = "shop.order.revenue";
    public const string ConfirmationLatency = "shop.order.confirmation_latency";
    public const string StockOuts = "shop.order.stock_outs";

    /// <summary>Tag on <see cref="Cancelled"/> and <see cref="Rejected"/>: a cancel or rejection reason.</summary>
    public const string ReasonTag = "reason";

    /// <summary>
    /// Seconds from checkout to confirmation: tens of milliseconds when all is well, seconds under load or while a
    /// consumer retries, minutes only when something is broken.
    /// </summary>
    private static readonly double[] LatencyBuckets = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

    private readonly Counter<long> _submitted;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _confirmed;
    private readonly Counter<long> _cancelled;
    private readonly Counter<double> _revenue;
    private readonly Histogram<double> _confirmationLatency;
    private readonly Counter<long> _stockOuts;

    public OrderMetrics(IMeterFactory meterFactory)
    {
        // Meters from the factory are owned by the host's container, so two hosts in one process (tests) stay apart.
        var meter = meterFactory.Create(MeterName);
        _submitted = meter.CreateCounter<long>(Submitted, "{order}", "Orders created by a checkout (repeated submissions excluded).");
        _rejected = meter.CreateCounter<long>(Rejected, "{order}", "Order submissions refused, by reason.");
        _confirmed = meter.CreateCounter<long>(Confirmed, "{order}", "Orders confirmed: stock reserved and payment approved.");
        _cancelled = meter.CreateCounter<long>(Cancelled, "{order}", "Orders cancelled, by reason.");
        // The braces keep the unit out of the Prometheus name; the shop has one currency, so the unit says nothing more.
        _revenue = meter.CreateCounter<double>(Revenue, "{currency}", "Sum of the totals of confirmed orders.");
        _confirmationLatency = meter.CreateHistogram(
            ConfirmationLatency,
            "s",
            "Time from checkout (order created) to confirmation.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _stockOuts = meter.CreateCounter<long>(StockOuts, "{order}", "Orders cancelled because the catalog could not reserve their stock.");
    }

    public void OrderSubmitted() => _submitted.Add(1);

    public void OrderRejected(string reason) => _rejected.Add(1, new KeyValuePair<string, object?>(ReasonTag, reason));

    public void OrderConfirmed(decimal total, TimeSpan sinceCheckout)
    {
        _confirmed.Add(1);
        _revenue.Add((double)total);
        _confirmationLatency.Record(Math.Max(0, sinceCheckout.TotalSeconds));
    }

    public void OrderCancelled(string reason)
    {
        _cancelled.Add(1, new KeyValuePair<string, object?>(ReasonTag, reason));
        if (reason == Contracts.CancelReasons.OutOfStock)
        {
            _stockOuts.Add(1);
        }
    }
}

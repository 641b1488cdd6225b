using System.Diagnostics.Metrics;

namespace Shop.Reporting.Diagnostics;

/// <summary>
/// The module's instruments, on one Meter named <see cref="MeterName"/> (exported because it matches "Shop.*").
/// Prometheus sees them as <c>shop_reporting_events_consumed_total</c> and <c>shop_reporting_events_lag_seconds</c>.
/// </summary>
internal sealed class ReportingMetrics
{
    public const string MeterName = "Shop.Reporting";
    public const string EventsConsumed = "shop.reporting.events.consumed";
    public const string EventLag = "shop.reporting.events.lag";

    /// <summary>Tag: the event contract, such as <c>OrderConfirmed</c> or <c>CartItemAdded</c>.</summary>
    public const string TypeTag = "type";

    /// <summary>Tag on <see cref="EventsConsumed"/>: <c>applied</c>, <c>already-applied</c>, <c>stale</c> or <c>conflicting</c>.</summary>
    public const string OutcomeTag = "outcome";

    /// <summary>
    /// Upper bounds of the lag buckets, in seconds: from a few milliseconds (an idle system) to an hour (a backlog
    /// being worked off after an outage). OpenTelemetry's default bounds are meant for milliseconds.
    /// </summary>
    private static readonly IReadOnlyList<double> LagBuckets =
        [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];

    private readonly Counter<long> _eventsConsumed;
    private readonly Histogram<double> _eventLag;

    public ReportingMetrics(IMeterFactory meterFactory)
    {
        // Meters from the factory are owned by the host's container, so two hosts in one process (tests) stay apart.
        var meter = meterFactory.Create(MeterName);
        _eventsConsumed = meter.CreateCounter<long>(EventsConsumed, "{event}",
            "Events the reports processed (redelivered copies dropped by the inbox are not counted), by type and outcome.");
        _eventLag = meter.CreateHistogram(EventLag, "s",
            "Time from when an event happened (submitted, confirmed, cancelled, added to cart) until the reports committed it.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LagBuckets });
    }

    /// <summary>Records one processed event, once its transaction has committed.</summary>
    public void EventConsumed(string type, string outcome, TimeSpan lag)
    {
        var typeTag = new KeyValuePair<string, object?>(TypeTag, type);
        // A sender's clock a little ahead of ours would give a negative lag; it means "no lag". The lag first: whoever
        // sees the count grow (a test, a scrape) then finds the event's lag recorded too.
        _eventLag.Record(Math.Max(0, lag.TotalSeconds), typeTag);
        _eventsConsumed.Add(1, typeTag, new KeyValuePair<string, object?>(OutcomeTag, outcome));
    }
}

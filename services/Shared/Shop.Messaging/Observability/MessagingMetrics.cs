using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Shop.Messaging.Observability;

/// <summary>
/// Instruments on the <c>Shop.Messaging</c> meter (exported with every <c>Shop.*</c> meter). Outbox instruments carry
/// the tags <c>module</c> and <c>db_context</c>; the inbox counter carries <c>consumer</c>.
/// </summary>
/// <remarks>
/// The pending gauges describe the table, not the replica: every replica of a service reports the same rows, so
/// dashboards aggregate them with <c>max</c>, not <c>sum</c>.
/// </remarks>
public sealed class MessagingMetrics
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "Shop.Messaging";

    /// <summary>Gauge: unsent outbox rows, as of the relay's last count.</summary>
    public const string OutboxPending = "shop.messaging.outbox.pending";

    /// <summary>Gauge, seconds: age of the oldest unsent outbox row; 0 when none is pending.</summary>
    public const string OutboxOldestPendingAge = "shop.messaging.outbox.oldest_pending_age";

    /// <summary>Counter: messages the relay published or sent and the broker confirmed.</summary>
    public const string OutboxPublished = "shop.messaging.outbox.published";

    /// <summary>Counter: failed publish attempts (the row stays pending and is retried).</summary>
    public const string OutboxPublishFailures = "shop.messaging.outbox.publish_failures";

    /// <summary>Counter: redelivered messages that an idempotent consumer skipped.</summary>
    public const string InboxDuplicates = "shop.messaging.inbox.duplicates";

    private readonly Counter<long> _published;
    private readonly Counter<long> _publishFailures;
    private readonly Counter<long> _duplicates;
    private readonly ConcurrentDictionary<OutboxStatistics, byte> _outboxes = new();
    private readonly TimeProvider _time;

    /// <summary>Creates the instruments on a meter owned by <paramref name="meterFactory"/>.</summary>
    public MessagingMetrics(IMeterFactory meterFactory, TimeProvider time)
    {
        _time = time;
        var meter = meterFactory.Create(MeterName);
        _published = meter.CreateCounter<long>(OutboxPublished, "{message}", "Outbox messages confirmed by the broker.");
        _publishFailures = meter.CreateCounter<long>(OutboxPublishFailures, "{attempt}", "Outbox publish attempts that failed.");
        _duplicates = meter.CreateCounter<long>(InboxDuplicates, "{message}", "Redelivered messages skipped by the inbox.");
        meter.CreateObservableGauge(OutboxPending, ObservePending, "{message}", "Unsent outbox messages.");
        meter.CreateObservableGauge(OutboxOldestPendingAge, ObserveOldestAge, "s", "Age of the oldest unsent outbox message.");
    }

    internal void TrackOutbox(OutboxStatistics statistics) => _outboxes.TryAdd(statistics, 0);

    internal void UntrackOutbox(OutboxStatistics statistics) => _outboxes.TryRemove(statistics, out _);

    internal void Published(OutboxStatistics outbox) => _published.Add(1, outbox.Tags);

    internal void PublishFailed(OutboxStatistics outbox) => _publishFailures.Add(1, outbox.Tags);

    internal void DuplicateSkipped(string consumer) => _duplicates.Add(1, new KeyValuePair<string, object?>("consumer", consumer));

    private IEnumerable<Measurement<long>> ObservePending()
    {
        foreach (var outbox in _outboxes.Keys)
        {
            if (outbox.Snapshot is { } snapshot)
            {
                yield return new Measurement<long>(snapshot.Pending, outbox.Tags);
            }
        }
    }

    private IEnumerable<Measurement<double>> ObserveOldestAge()
    {
        var now = _time.GetUtcNow();
        foreach (var outbox in _outboxes.Keys)
        {
            if (outbox.Snapshot is { } snapshot)
            {
                var age = snapshot.OldestOccurredAt is { } oldest ? Math.Max(0, (now - oldest).TotalSeconds) : 0;
                yield return new Measurement<double>(age, outbox.Tags);
            }
        }
    }
}

/// <summary>The last counted state of one module's outbox table, read by the gauges at collection time.</summary>
internal sealed class OutboxStatistics(string module, string dbContext)
{
    // Gauges are read synchronously at scrape time, so they report the relay's last count instead of querying.
    private volatile PendingSnapshot? _snapshot;

    public KeyValuePair<string, object?>[] Tags { get; } = [new("module", module), new("db_context", dbContext)];

    public PendingSnapshot? Snapshot => _snapshot;

    public void Update(long pending, DateTimeOffset? oldestOccurredAt) => _snapshot = new PendingSnapshot(pending, oldestOccurredAt);
}

internal sealed record PendingSnapshot(long Pending, DateTimeOffset? OldestOccurredAt);

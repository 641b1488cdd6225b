namespace Shop.Messaging.Outbox;

/// <summary>Settings of every outbox relay in the process, bound from <c>Messaging:Outbox</c>.</summary>
public sealed class OutboxOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Messaging:Outbox";

    internal const string ValidationMessage =
        "Messaging:Outbox needs BatchSize > 0, DispatchConcurrency unset or > 0, positive PollingInterval, PublishTimeout, StatisticsInterval and CleanupInterval, " +
        "MaxRetryDelay >= PollingInterval, and non-negative retentions.";

    /// <summary>Rows locked and published per transaction. Default 100.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// Rows of a batch dispatched concurrently. Unset: one at a time through a broker, 16 with the in-process transport,
    /// whose dispatch waits for the consumers (a payment, say) rather than for a broker confirm.
    /// </summary>
    public int? DispatchConcurrency { get; set; }

    /// <summary>How often the relay looks for rows when no local commit woke it (rows from other replicas, retries). Default 1 s.</summary>
    public TimeSpan PollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one publish may wait for the broker's confirm before it counts as failed. Default 10 s.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Upper bound of the back-off after failures, both of the relay (broker or database down) and of a single row that
    /// keeps failing. Back-off starts at <see cref="PollingInterval"/> and doubles. Default 30 s.
    /// </summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long sent rows are kept for diagnosis before deletion. Default 1 day.</summary>
    public TimeSpan SentRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How long processed message ids are kept. A redelivery older than this would be processed again, so keep it well
    /// above any time a message may wait in a queue. Default 7 days.
    /// </summary>
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often old outbox and inbox rows are deleted. Default 5 min.</summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the pending count behind the outbox gauges is refreshed. Default 5 s.</summary>
    public TimeSpan StatisticsInterval { get; set; } = TimeSpan.FromSeconds(5);

    internal bool IsValid() =>
        BatchSize > 0
        && DispatchConcurrency is null or > 0
        && PollingInterval > TimeSpan.Zero
        && PublishTimeout > TimeSpan.Zero
        && StatisticsInterval > TimeSpan.Zero
        && CleanupInterval > TimeSpan.Zero
        && MaxRetryDelay >= PollingInterval
        && SentRetention >= TimeSpan.Zero
        && InboxRetention >= TimeSpan.Zero;

    /// <summary>Doubling back-off from <see cref="PollingInterval"/>, capped at <see cref="MaxRetryDelay"/>.</summary>
    internal TimeSpan RetryDelay(int failures)
    {
        var doublings = Math.Clamp(failures - 1, 0, 20);
        var delay = PollingInterval * Math.Pow(2, doublings);
        return delay < MaxRetryDelay ? delay : MaxRetryDelay;
    }
}

namespace Shop.Messaging.Conventions;

/// <summary>The numbers behind <see cref="ShopConsumerDefinition{TConsumer}"/>, in one place.</summary>
public static class ConsumerConventions
{
    /// <summary>
    /// Messages one endpoint handles at once. Each idempotent consumer holds a database connection while it works,
    /// so this also bounds the connections a module's consumers take from the pool.
    /// </summary>
    public const int ConcurrentMessageLimit = 8;

    /// <summary>
    /// Waits before each retry: 0 ms, 100 ms, 500 ms, 1 s, 2 s — five retries, six attempts in all, about 3.6 s before
    /// a message that keeps failing goes to the endpoint's <c>_error</c> queue.
    /// </summary>
    public static IReadOnlyList<TimeSpan> RetryIntervals { get; } =
    [
        TimeSpan.Zero,
        TimeSpan.FromMilliseconds(100),
        TimeSpan.FromMilliseconds(500),
        TimeSpan.FromSeconds(1),
        TimeSpan.FromSeconds(2),
    ];

    /// <summary>
    /// Immediate retries of a consumer that the in-process transport runs inline. Then the outbox row stays pending and
    /// its relay retries it with a growing delay, instead of holding the relay on one message for seconds.
    /// </summary>
    public const int InProcessImmediateRetries = 2;
}

namespace Shop.Catalog.Caching;

/// <summary>Product cache settings, bound from <c>Catalog:Cache</c>.</summary>
internal sealed class CatalogCacheOptions
{
    public const string SectionName = "Catalog:Cache";

    /// <summary>
    /// Prepended to every key. Lets hosts (and test runs) share one Redis without seeing each other's entries.
    /// </summary>
    public string KeyPrefix { get; set; } = "catalog:";

    /// <summary>
    /// How long an entry lives. Short on purpose: it bounds how long a reader can see a stale price when an
    /// invalidation is lost (Redis down during a write) or races with a read that started before the write.
    /// </summary>
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Random extra lifetime, so entries cached together (a warm-up, a popular listing) do not expire together.</summary>
    public TimeSpan TimeToLiveJitter { get; set; } = TimeSpan.FromMinutes(1);

    public bool IsValid() =>
        !string.IsNullOrWhiteSpace(KeyPrefix)
        && TimeToLive > TimeSpan.Zero
        && TimeToLiveJitter >= TimeSpan.Zero;
}

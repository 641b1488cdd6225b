namespace Shop.Reporting.Rollup;

/// <summary>Settings of the <c>rollup</c> command, bound from <c>Reporting:Rollup</c>.</summary>
internal sealed class RollupOptions
{
    public const string SectionName = "Reporting:Rollup";

    public const string ValidationMessage = "Reporting:Rollup:MinuteRetention must be at least one hour (for example 1.00:00:00).";

    /// <summary>
    /// How long minute buckets are kept before <c>rollup</c> compacts them into hour buckets (default one day). Minute
    /// queries cannot reach further back once a rollup has run.
    /// </summary>
    public TimeSpan MinuteRetention { get; set; } = TimeSpan.FromDays(1);

    public bool IsValid() => MinuteRetention >= TimeSpan.FromHours(1);
}

namespace Shop.Order.Features.Payment;

/// <summary>
/// How the simulated payment provider behaves, bound from <c>Order:Payment</c>. Load tests turn these knobs to see
/// what a slow or unreliable provider does to checkout.
/// </summary>
internal sealed class PaymentOptions
{
    public const string SectionName = "Order:Payment";

    public const string ValidationMessage =
        $"{SectionName}:Latency must be between 00:00:00 and 00:01:00 and {SectionName}:FailureRate between 0 and 1.";

    private static readonly TimeSpan MaxLatency = TimeSpan.FromMinutes(1);

    /// <summary>How long the provider takes to answer. Default 50 ms.</summary>
    public TimeSpan Latency { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Share of orders whose payment is declined, from 0 (none) to 1 (all). Default 0.05.</summary>
    public double FailureRate { get; set; } = 0.05;

    public bool IsValid() =>
        Latency >= TimeSpan.Zero && Latency <= MaxLatency && FailureRate is >= 0 and <= 1;
}

namespace Shop.Bench.Report;

public static class Ratios
{
    /// <summary>a ÷ b, or null when either is missing or b is not a positive number.</summary>
    public static double? Of(double? numerator, double? denominator) =>
        numerator is { } n && denominator is { } d && d > 0 && double.IsFinite(n) ? n / d : null;
}

using System.Globalization;

namespace Shop.Bench.Statistics;

/// <summary>Rounding as the benches print their figures.</summary>
public static class Decimals
{
    /// <summary>The value printf's <c>%.Nf</c> would print, as a number: what a figure in a bench's JSON holds.</summary>
    public static double Round(double value, int decimals) =>
        double.Parse(Format(value, decimals), CultureInfo.InvariantCulture);

    /// <summary>The value with exactly <paramref name="decimals"/> decimals, as printf's <c>%.Nf</c> prints it.</summary>
    public static string Format(double value, int decimals) =>
        value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}

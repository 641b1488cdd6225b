using System.Globalization;

namespace Shop.Bench.Report;

/// <summary>How figures are written in the report: invariant culture, thousands separated, "–" for a missing figure.</summary>
public static class Format
{
    public const string Missing = "–";

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>A number with a precision that suits its size: 12,345 · 123 · 12.3 · 1.23 · 0.123.</summary>
    public static string Number(double? value)
    {
        if (value is not { } v || !double.IsFinite(v))
        {
            return Missing;
        }
        var magnitude = Math.Abs(v);
        var format = magnitude >= 1000 ? "N0" : magnitude >= 100 ? "0" : magnitude >= 10 ? "0.#" : magnitude >= 1 ? "0.##" : magnitude == 0 ? "0" : "0.###";
        return v.ToString(format, CultureInfo.InvariantCulture);
    }

    public static string Ratio(double? value) =>
        value is { } v && double.IsFinite(v) ? v.ToString("0.00", CultureInfo.InvariantCulture) : Missing;

    public static string Percent(double? value) =>
        value is { } v && double.IsFinite(v)
            ? (v * 100).ToString(Math.Abs(v) >= 0.1 ? "0" : Math.Abs(v) >= 0.01 ? "0.#" : "0.##", CultureInfo.InvariantCulture) + " %"
            : Missing;

    /// <summary>A ratio that may be a bound: "≥ 0.83", "≤ 0.50" or "0.67".</summary>
    public static string Ratio(double? value, RatioBound bound) =>
        value is null ? Missing : bound switch
        {
            RatioBound.AtLeast => "≥ " + Ratio(value),
            RatioBound.AtMost => "≤ " + Ratio(value),
            _ => Ratio(value),
        };

    public static string Ms(double? value) => value is null ? Missing : Number(value) + " ms";

    public static string MiB(double? value) => value is null ? Missing : Number(value) + " MiB";

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Seconds(double? value) => value is null ? Missing : Number(value) + " s";
}

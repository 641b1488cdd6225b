using Shop.Bench.Sampling;

namespace Shop.Bench.Rendering;

/// <summary>
/// One colour per process or figure wherever it appears, so catalog is the same colour in both shapes' charts; replicas
/// of a service share their service's colour.
/// </summary>
public static class ChartColors
{
    private static readonly Dictionary<string, string> s_known = new(StringComparer.Ordinal)
    {
        ["gateway"] = "#6b7280",
        ["catalog"] = "#2563eb",
        ["cart"] = "#059669",
        ["order"] = "#d97706",
        ["reporting"] = "#7c3aed",
        ["monolith"] = "#dc2626",
        ["postgres"] = "#0e7490",
        ["redis"] = "#be123c",
        ["rabbitmq"] = "#ea580c",
        ["prometheus"] = "#a3a3a3",
        ["loadgen"] = "#a1a1aa",
        ["sampler"] = "#d4d4d4",
        ["machine"] = "#000000",
        ["microservices"] = "#2563eb",
    };

    private static readonly string[] s_palette =
        ["#2563eb", "#dc2626", "#059669", "#d97706", "#7c3aed", "#0e7490", "#be123c", "#4d7c0f", "#9333ea", "#0f766e", "#b45309", "#1d4ed8"];

    public static string For(string name, int index)
    {
        var first = name.Split(' ', 2)[0];
        return s_known.TryGetValue(ProcessRoles.ServiceOf(first), out var color) ? color : s_palette[index % s_palette.Length];
    }
}

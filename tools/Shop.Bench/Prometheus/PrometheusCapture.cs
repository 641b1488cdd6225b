namespace Shop.Bench.Prometheus;

/// <summary>prometheus.json: what the shape's Prometheus recorded over the bench window, query by query.</summary>
public sealed class PrometheusCapture
{
    public string Url { get; init; } = "";

    public DateTimeOffset From { get; init; }

    public DateTimeOffset To { get; init; }

    public double StepSeconds { get; init; }

    /// <summary>How many targets were up when the capture was taken, and how many there were.</summary>
    public int TargetsUp { get; init; }

    public int Targets { get; init; }

    public IReadOnlyList<QueryCapture> Ranges { get; init; } = [];

    /// <summary>Totals over the whole window (an instant query of increase(...[window]) at its end).</summary>
    public IReadOnlyList<QueryCapture> Totals { get; init; } = [];

    public QueryCapture? Range(string name) => Ranges.FirstOrDefault(r => r.Name == name);

    public QueryCapture? Total(string name) => Totals.FirstOrDefault(r => r.Name == name);
}

public sealed class QueryCapture
{
    public string Name { get; init; } = "";

    public string Query { get; init; } = "";

    /// <summary>Why the query gave nothing, when Prometheus refused it or was unreachable.</summary>
    public string? Error { get; init; }

    public IReadOnlyList<MetricSeries> Series { get; init; } = [];

    /// <summary>The series' value at the last point, summed: what a total query means.</summary>
    public double? Sum() => Series.Count == 0 ? null : Series.Sum(s => s.Points.Count == 0 ? 0 : s.Points[^1].Value);
}

/// <summary>One labelled series; points are (unix seconds, value), non-finite values left out.</summary>
public sealed class MetricSeries
{
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<MetricPoint> Points { get; init; } = [];

    /// <summary>A short name for a legend: the label values joined, or "total" for a series without labels.</summary>
    public string DisplayName => Labels.Count == 0
        ? "total"
        : string.Join(" ", Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Value));
}

public readonly record struct MetricPoint(double Time, double Value);

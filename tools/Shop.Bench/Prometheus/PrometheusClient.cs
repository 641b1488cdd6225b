using System.Globalization;
using System.Text.Json;

namespace Shop.Bench.Prometheus;

/// <summary>The three calls of Prometheus's HTTP API the report needs: query_range, query and targets.</summary>
public sealed class PrometheusClient(HttpClient http)
{
    /// <summary>The scrape job of Shop's processes in the local Prometheus (deploy/local/servers.sh).</summary>
    public const string ShopJob = "shop";

    public async Task<PrometheusCapture> CaptureAsync(DateTimeOffset from, DateTimeOffset to, TimeSpan step, CancellationToken cancellationToken)
    {
        var ranges = new List<QueryCapture>();
        foreach (var query in BenchQueries.Ranges)
        {
            ranges.Add(await RangeAsync(query, from, to, step, cancellationToken));
        }
        var totals = new List<QueryCapture>();
        foreach (var query in BenchQueries.Totals)
        {
            totals.Add(await InstantAsync(query with { Query = BenchQueries.WithWindow(query.Query, to - from) }, to, cancellationToken));
        }
        var (up, all) = await TargetsAsync(cancellationToken);
        return new PrometheusCapture
        {
            Url = http.BaseAddress?.ToString() ?? "",
            From = from,
            To = to,
            StepSeconds = step.TotalSeconds,
            TargetsUp = up,
            Targets = all,
            Ranges = ranges,
            Totals = totals,
        };
    }

    public Task<QueryCapture> RangeAsync(NamedQuery query, DateTimeOffset from, DateTimeOffset to, TimeSpan step, CancellationToken cancellationToken) =>
        SendAsync(query, "api/v1/query_range?query=" + Uri.EscapeDataString(query.Query) +
            "&start=" + Unix(from) + "&end=" + Unix(to) + "&step=" + step.TotalSeconds.ToString(CultureInfo.InvariantCulture), cancellationToken);

    public Task<QueryCapture> InstantAsync(NamedQuery query, DateTimeOffset at, CancellationToken cancellationToken) =>
        SendAsync(query, "api/v1/query?query=" + Uri.EscapeDataString(query.Query) + "&time=" + Unix(at), cancellationToken);

    private async Task<QueryCapture> SendAsync(NamedQuery query, string pathAndQuery, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(pathAndQuery, UriKind.Relative), cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return Parse(query, body);
        }
        catch (HttpRequestException exception)
        {
            return new QueryCapture { Name = query.Name, Query = query.Query, Error = exception.Message };
        }
    }

    /// <summary>Reads a query or query_range answer: a vector or a matrix; an error answer keeps its message.</summary>
    public static QueryCapture Parse(NamedQuery query, string body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.GetProperty("status").GetString() != "success")
        {
            var error = root.TryGetProperty("error", out var message) ? message.GetString() : "unknown error";
            return new QueryCapture { Name = query.Name, Query = query.Query, Error = error };
        }
        var series = new List<MetricSeries>();
        foreach (var item in root.GetProperty("data").GetProperty("result").EnumerateArray())
        {
            var labels = item.GetProperty("metric").EnumerateObject()
                .Where(l => l.Name != "__name__")
                .ToDictionary(l => l.Name, l => l.Value.GetString() ?? "", StringComparer.Ordinal);
            var points = new List<MetricPoint>();
            if (item.TryGetProperty("values", out var values))
            {
                points.AddRange(values.EnumerateArray().Select(ReadPoint).OfType<MetricPoint>());
            }
            else if (item.TryGetProperty("value", out var value) && ReadPoint(value) is { } point)
            {
                points.Add(point);
            }
            series.Add(new MetricSeries { Labels = labels, Points = points });
        }
        return new QueryCapture { Name = query.Name, Query = query.Query, Series = series };
    }

    private async Task<(int Up, int All)> TargetsAsync(CancellationToken cancellationToken)
    {
        try
        {
            var body = await http.GetStringAsync(new Uri("api/v1/targets?state=active", UriKind.Relative), cancellationToken);
            using var document = JsonDocument.Parse(body);
            // Shop's own processes only: the broker's target is down by design when the monolith runs without it.
            var targets = document.RootElement.GetProperty("data").GetProperty("activeTargets").EnumerateArray()
                .Where(t => !t.TryGetProperty("labels", out var labels) || !labels.TryGetProperty("job", out var job) || job.GetString() == ShopJob)
                .ToList();
            return (targets.Count(t => t.GetProperty("health").GetString() == "up"), targets.Count);
        }
        catch (HttpRequestException)
        {
            return (0, 0);
        }
    }

    // Prometheus writes a sample as [unix seconds, "value"]; "NaN" and "+Inf" (a quantile of no requests) are left out.
    private static MetricPoint? ReadPoint(JsonElement pair)
    {
        var time = pair[0].GetDouble();
        var text = pair[1].GetString();
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? new MetricPoint(time, value)
            : null;
    }

    private static string Unix(DateTimeOffset time) =>
        (time.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);
}

using System.Globalization;
using System.Text;
using Shop.Bench.Report;

namespace Shop.Bench.Rendering;

/// <summary>
/// A line of a chart. <paramref name="PointLabels"/> (optional) become tooltips of drawn point markers; a non-empty
/// <paramref name="PointMarks"/> entry rings its point and writes the mark beside it (e.g. "machine-bound").
/// </summary>
public sealed record ChartSeries(string Name, IReadOnlyList<Point> Points, string? Color = null, bool Dashed = false,
    IReadOnlyList<string>? PointLabels = null, IReadOnlyList<bool>? PointPassed = null, IReadOnlyList<string>? PointMarks = null);

/// <summary>A bar series: one value per category (null: no bar).</summary>
public sealed record BarSeries(string Name, IReadOnlyList<double?> Values, string? Color = null);

/// <summary>A vertical line with a label, e.g. where a phase of the scenario begins.</summary>
public sealed record ChartMarker(double X, string Label);

/// <summary>A horizontal line with a label, e.g. the 1 s checkout p99 criterion.</summary>
public sealed record ChartThreshold(double Y, string Label);

/// <summary>
/// Server-side SVG charts for the report: the page needs no script or library to draw them, so it renders the same
/// in any browser, offline, and in a screenshot. Each chart is a figure: a caption, an <c>svg.chart</c> whose lines are
/// <c>path.series</c>, and a legend whose items can hide their line (the page's small script).
/// </summary>
public static class SvgChart
{
    private const double Width = 640;
    private const double Height = 280;
    private const double Left = 58;
    private const double Right = 14;
    private const double Top = 14;
    private const double Bottom = 40;
    private const double PlotWidth = Width - Left - Right;
    private const double PlotHeight = Height - Top - Bottom;

    public static string Line(
        string id, string title, string xLabel, string yLabel, IReadOnlyList<ChartSeries> series,
        double? yMax = null, bool logY = false, ChartThreshold? threshold = null, IReadOnlyList<ChartMarker>? markers = null,
        double? xMin = null, double? xMax = null)
    {
        var drawn = series.Where(s => s.Points.Count > 0).ToList();
        if (drawn.Count == 0)
        {
            return Empty(id, title);
        }
        var xs = drawn.SelectMany(s => s.Points).Select(p => p.X).ToList();
        var x = new Axis(xMin ?? xs.Min(), xMax ?? xs.Max(), log: false);
        var ys = drawn.SelectMany(s => s.Points).Select(p => p.Y).Append(threshold?.Y ?? 0).ToList();
        var y = logY
            ? new Axis(Math.Max(0.1, ys.Where(v => v > 0).DefaultIfEmpty(1).Min()), yMax ?? ys.Max(), log: true)
            : new Axis(0, yMax ?? ys.Max(), log: false);

        var svg = new StringBuilder();
        Open(svg, id, title);
        Axes(svg, x, y, xLabel, yLabel);
        foreach (var marker in markers ?? [])
        {
            if (marker.X >= x.Min && marker.X <= x.Max)
            {
                var px = x.Scale(marker.X, PlotWidth) + Left;
                svg.Append(Invariant($"<line class=\"marker\" x1=\"{px:0.#}\" y1=\"{Top}\" x2=\"{px:0.#}\" y2=\"{Top + PlotHeight}\"/>"));
                svg.Append(Invariant($"<text class=\"marker-label\" x=\"{px + 3:0.#}\" y=\"{Top + 10}\">{Encode(marker.Label)}</text>"));
            }
        }
        if (threshold is not null)
        {
            var py = Top + PlotHeight - y.Scale(threshold.Y, PlotHeight);
            svg.Append(Invariant($"<line class=\"threshold\" x1=\"{Left}\" y1=\"{py:0.#}\" x2=\"{Left + PlotWidth}\" y2=\"{py:0.#}\"/>"));
            svg.Append(Invariant($"<text class=\"threshold-label\" x=\"{Left + PlotWidth - 4}\" y=\"{py - 4:0.#}\" text-anchor=\"end\">{Encode(threshold.Label)}</text>"));
        }
        for (var i = 0; i < drawn.Count; i++)
        {
            var line = drawn[i];
            var color = line.Color ?? ChartColors.For(line.Name, i);
            var values = line.Points.Select(p => p.Y).ToList();
            svg.Append(Invariant($"<g class=\"series-group\" data-series=\"{Encode(line.Name)}\">"));
            svg.Append(Invariant($"<path class=\"series\" data-series=\"{Encode(line.Name)}\" d=\"{PathData(line.Points, x, y)}\" stroke=\"{color}\"{(line.Dashed ? " stroke-dasharray=\"5 3\"" : "")}>"));
            svg.Append(Invariant($"<title>{Encode(line.Name)}: min {Format.Number(values.Min())}, mean {Format.Number(values.Average())}, max {Format.Number(values.Max())}</title></path>"));
            if (line.PointLabels is not null)
            {
                for (var p = 0; p < line.Points.Count; p++)
                {
                    var point = line.Points[p];
                    var passed = line.PointPassed is null || p >= line.PointPassed.Count || line.PointPassed[p];
                    svg.Append(Invariant($"<circle class=\"point {(passed ? "passed" : "failed")}\" cx=\"{Left + x.Scale(point.X, PlotWidth):0.#}\" cy=\"{Top + PlotHeight - y.Scale(point.Y, PlotHeight):0.#}\" r=\"4\" stroke=\"{color}\" fill=\"{(passed ? color : "#fff")}\">"));
                    svg.Append(Invariant($"<title>{Encode(p < line.PointLabels.Count ? line.PointLabels[p] : line.Name)}</title></circle>"));
                    if (line.PointMarks is { } marks && p < marks.Count && marks[p].Length > 0)
                    {
                        var cx = Left + x.Scale(point.X, PlotWidth);
                        var cy = Top + PlotHeight - y.Scale(point.Y, PlotHeight);
                        svg.Append(Invariant($"<circle class=\"point-mark\" data-mark=\"{Encode(marks[p])}\" cx=\"{cx:0.#}\" cy=\"{cy:0.#}\" r=\"8\" stroke=\"{color}\"/>"));
                        svg.Append(Invariant($"<text class=\"point-mark-label\" x=\"{cx + 10:0.#}\" y=\"{cy - 6:0.#}\">{Encode(marks[p])}</text>"));
                    }
                }
            }
            svg.Append("</g>");
        }
        svg.Append("</svg>");
        return Figure(id, title, svg.ToString(), drawn.Select((s, i) => (s.Name, s.Color ?? ChartColors.For(s.Name, i), s.Dashed)).ToList());
    }

    /// <summary>Grouped bars: one group per category, one bar per series.</summary>
    public static string Bars(string id, string title, string yLabel, IReadOnlyList<string> categories,
        IReadOnlyList<BarSeries> series, bool logY = false, ChartThreshold? threshold = null)
    {
        var values = series.SelectMany(s => s.Values).OfType<double>().ToList();
        if (categories.Count == 0 || values.Count == 0)
        {
            return Empty(id, title);
        }
        var ys = values.Append(threshold?.Y ?? 0).ToList();
        var y = logY ? new Axis(Math.Max(0.1, ys.Where(v => v > 0).DefaultIfEmpty(1).Min()), ys.Max(), log: true) : new Axis(0, ys.Max(), log: false);
        var svg = new StringBuilder();
        Open(svg, id, title);
        YAxis(svg, y, yLabel);
        var group = PlotWidth / categories.Count;
        var bar = Math.Min(18, group * 0.8 / Math.Max(1, series.Count));
        for (var c = 0; c < categories.Count; c++)
        {
            var groupLeft = Left + c * group + (group - bar * series.Count) / 2;
            svg.Append(Invariant($"<text class=\"tick\" x=\"{Left + c * group + group / 2:0.#}\" y=\"{Top + PlotHeight + 16}\" text-anchor=\"middle\">{Encode(categories[c])}</text>"));
            for (var s = 0; s < series.Count; s++)
            {
                if (c >= series[s].Values.Count || series[s].Values[c] is not { } value)
                {
                    continue;
                }
                var height = y.Scale(value, PlotHeight);
                svg.Append(Invariant($"<rect class=\"series bar\" data-series=\"{Encode(series[s].Name)}\" x=\"{groupLeft + s * bar:0.#}\" y=\"{Top + PlotHeight - height:0.#}\" width=\"{bar - 1:0.#}\" height=\"{Math.Max(0.5, height):0.#}\" fill=\"{series[s].Color ?? ChartColors.For(series[s].Name, s)}\">"));
                svg.Append(Invariant($"<title>{Encode(series[s].Name)}, {Encode(categories[c])}: {Format.Number(value)}</title></rect>"));
            }
        }
        if (threshold is not null)
        {
            var py = Top + PlotHeight - y.Scale(threshold.Y, PlotHeight);
            svg.Append(Invariant($"<line class=\"threshold\" x1=\"{Left}\" y1=\"{py:0.#}\" x2=\"{Left + PlotWidth}\" y2=\"{py:0.#}\"/>"));
            svg.Append(Invariant($"<text class=\"threshold-label\" x=\"{Left + PlotWidth - 4}\" y=\"{py - 4:0.#}\" text-anchor=\"end\">{Encode(threshold.Label)}</text>"));
        }
        svg.Append(Invariant($"<line class=\"axis\" x1=\"{Left}\" y1=\"{Top + PlotHeight}\" x2=\"{Left + PlotWidth}\" y2=\"{Top + PlotHeight}\"/>"));
        svg.Append("</svg>");
        return Figure(id, title, svg.ToString(), series.Select((s, i) => (s.Name, s.Color ?? ChartColors.For(s.Name, i), false)).ToList());
    }

    /// <summary>Round tick values covering [min, max]: steps of 1, 2 or 5 times a power of ten.</summary>
    public static IReadOnlyList<double> NiceTicks(double min, double max, int count = 5)
    {
        if (!(max > min))
        {
            max = min + 1;
        }
        var raw = (max - min) / count;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var normalized = raw / magnitude;
        var step = (normalized < 1.5 ? 1 : normalized < 3 ? 2 : normalized < 7 ? 5 : 10) * magnitude;
        var first = Math.Floor(min / step) * step;
        var last = Math.Ceiling(max / step) * step;
        var ticks = new List<double>();
        for (var value = first; value <= last + step / 2; value += step)
        {
            ticks.Add(Math.Round(value, 10));
        }
        return ticks;
    }

    private static string Empty(string id, string title) =>
        Invariant($"<figure class=\"chart-figure empty\" id=\"{Encode(id)}\"><figcaption>{Encode(title)}</figcaption><p class=\"no-data\">no data</p></figure>");

    private static void Open(StringBuilder svg, string id, string title) =>
        svg.Append(Invariant($"<svg class=\"chart\" data-chart=\"{Encode(id)}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{Encode(title)}\" xmlns=\"http://www.w3.org/2000/svg\">"));

    private static string Figure(string id, string title, string svg, IReadOnlyList<(string Name, string Color, bool Dashed)> legend)
    {
        var html = new StringBuilder();
        html.Append(Invariant($"<figure class=\"chart-figure\" id=\"{Encode(id)}\"><figcaption>{Encode(title)}</figcaption>"));
        html.Append(svg);
        html.Append("<ul class=\"legend\">");
        foreach (var (name, color, dashed) in legend)
        {
            html.Append(Invariant($"<li class=\"legend-item\" data-series=\"{Encode(name)}\" tabindex=\"0\"><span class=\"swatch{(dashed ? " dashed" : "")}\" style=\"border-color:{color};background:{(dashed ? "transparent" : color)}\"></span>{Encode(name)}</li>"));
        }
        html.Append("</ul></figure>");
        return html.ToString();
    }

    private static void Axes(StringBuilder svg, Axis x, Axis y, string xLabel, string yLabel)
    {
        YAxis(svg, y, yLabel);
        foreach (var tick in x.Ticks())
        {
            var px = Left + x.Scale(tick, PlotWidth);
            svg.Append(Invariant($"<line class=\"grid\" x1=\"{px:0.#}\" y1=\"{Top + PlotHeight}\" x2=\"{px:0.#}\" y2=\"{Top + PlotHeight + 4}\"/>"));
            svg.Append(Invariant($"<text class=\"tick\" x=\"{px:0.#}\" y=\"{Top + PlotHeight + 16}\" text-anchor=\"middle\">{Format.Number(tick)}</text>"));
        }
        svg.Append(Invariant($"<line class=\"axis\" x1=\"{Left}\" y1=\"{Top + PlotHeight}\" x2=\"{Left + PlotWidth}\" y2=\"{Top + PlotHeight}\"/>"));
        svg.Append(Invariant($"<text class=\"axis-label\" x=\"{Left + PlotWidth / 2}\" y=\"{Height - 6}\" text-anchor=\"middle\">{Encode(xLabel)}</text>"));
    }

    private static void YAxis(StringBuilder svg, Axis y, string yLabel)
    {
        foreach (var tick in y.Ticks())
        {
            var py = Top + PlotHeight - y.Scale(tick, PlotHeight);
            svg.Append(Invariant($"<line class=\"grid\" x1=\"{Left}\" y1=\"{py:0.#}\" x2=\"{Left + PlotWidth}\" y2=\"{py:0.#}\"/>"));
            svg.Append(Invariant($"<text class=\"tick\" x=\"{Left - 6}\" y=\"{py + 4:0.#}\" text-anchor=\"end\">{Format.Number(tick)}</text>"));
        }
        svg.Append(Invariant($"<line class=\"axis\" x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Top + PlotHeight}\"/>"));
        svg.Append(Invariant($"<text class=\"axis-label\" transform=\"translate(14 {Top + PlotHeight / 2}) rotate(-90)\" text-anchor=\"middle\">{Encode(yLabel)}</text>"));
    }

    // A jump in x much longer than the usual step is a gap (a process that was not running): the line breaks there.
    private static string PathData(IReadOnlyList<Point> points, Axis x, Axis y)
    {
        var ordered = points.OrderBy(p => p.X).ToList();
        var steps = ordered.Zip(ordered.Skip(1), (a, b) => b.X - a.X).Where(d => d > 0).Order().ToList();
        var usualStep = steps.Count == 0 ? double.MaxValue : steps[steps.Count / 2];
        var data = new StringBuilder();
        for (var i = 0; i < ordered.Count; i++)
        {
            var gap = i == 0 || ordered[i].X - ordered[i - 1].X > 5 * usualStep;
            data.Append(gap ? 'M' : 'L');
            data.Append(Invariant($"{Left + x.Scale(ordered[i].X, PlotWidth):0.#} {Top + PlotHeight - y.Scale(ordered[i].Y, PlotHeight):0.#}"));
        }
        return data.ToString();
    }

    private static string Encode(string text) => Html.Encode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>A linear or logarithmic axis from round numbers around the data.</summary>
    private sealed class Axis
    {
        private readonly IReadOnlyList<double> _ticks;

        public Axis(double min, double max, bool log)
        {
            Log = log;
            if (log)
            {
                var low = Math.Floor(Math.Log10(min));
                var high = Math.Max(low + 1, Math.Ceiling(Math.Log10(Math.Max(max, min))));
                _ticks = Enumerable.Range(0, (int)(high - low) + 1).Select(e => Math.Pow(10, low + e)).ToList();
            }
            else
            {
                _ticks = NiceTicks(min, max);
            }
            Min = _ticks[0];
            Max = _ticks[^1];
        }

        public bool Log { get; }

        public double Min { get; }

        public double Max { get; }

        public IReadOnlyList<double> Ticks() => _ticks;

        /// <summary>The distance of a value from the axis start, in a plot of <paramref name="length"/> units; clamped to the plot.</summary>
        public double Scale(double value, double length)
        {
            var share = Log
                ? (Math.Log10(Math.Max(value, Min)) - Math.Log10(Min)) / (Math.Log10(Max) - Math.Log10(Min))
                : (value - Min) / (Max - Min);
            return Math.Clamp(share, 0, 1) * length;
        }
    }
}

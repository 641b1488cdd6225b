using System.Text.Json;
using System.Text.RegularExpressions;

namespace Shop.Deployment.Tests.Monitoring;

/// <summary>One PromQL query of a dashboard panel, named the way a person finds it in Grafana.</summary>
public sealed record DashboardQuery(string Dashboard, int PanelId, string Panel, string RefId, string Expression)
{
    public override string ToString() => $"{Dashboard} panel {PanelId} \"{Panel}\" ({RefId})";
}

/// <summary>A Grafana dashboard file of helm/shop/dashboards, read as the JSON model Grafana provisions.</summary>
public sealed partial class GrafanaDashboard
{
    /// <summary>Grafana's own variables, given values that any Prometheus accepts.</summary>
    private static readonly Dictionary<string, string> s_builtIns = new(StringComparer.Ordinal)
    {
        ["__rate_interval"] = "5m",
        ["__interval"] = "1m",
        ["__range"] = "1h",
        ["__interval_ms"] = "60000",
        ["__range_s"] = "3600",
    };

    private GrafanaDashboard(string fileName, JsonElement root)
    {
        FileName = fileName;
        Root = root;
    }

    public string FileName { get; }

    public JsonElement Root { get; }

    /// <summary>Every panel, including those folded into collapsed rows.</summary>
    public IReadOnlyList<JsonElement> Panels
    {
        get
        {
            var panels = new List<JsonElement>();
            foreach (var panel in Root.GetProperty("panels").EnumerateArray())
            {
                panels.Add(panel);
                if (panel.TryGetProperty("panels", out var nested))
                {
                    panels.AddRange(nested.EnumerateArray());
                }
            }
            return panels;
        }
    }

    public IReadOnlyList<JsonElement> Variables =>
        Root.TryGetProperty("templating", out var templating) && templating.TryGetProperty("list", out var list)
            ? list.EnumerateArray().ToList()
            : [];

    public IReadOnlyList<DashboardQuery> Queries =>
        Panels
            .Where(panel => panel.TryGetProperty("targets", out _))
            .SelectMany(panel => panel.GetProperty("targets").EnumerateArray()
                .Where(target => target.TryGetProperty("expr", out _))
                .Select(target => new DashboardQuery(
                    FileName,
                    panel.GetProperty("id").GetInt32(),
                    panel.GetProperty("title").GetString() ?? "",
                    target.GetProperty("refId").GetString() ?? "",
                    target.GetProperty("expr").GetString() ?? "")))
            .ToList();

    public static GrafanaDashboard Load(string fileName)
    {
        var text = File.ReadAllText(Path.Combine(MonitoringFiles.DashboardsDirectory, fileName));
        // Strict: no comments, no trailing commas; Grafana's importer accepts only plain JSON.
        using var document = JsonDocument.Parse(text);
        return new GrafanaDashboard(fileName, document.RootElement.Clone());
    }

    /// <summary>The names of the variables a query refers to, as <c>$name</c>, <c>${name}</c> or <c>[[name]]</c>.</summary>
    public static IEnumerable<string> VariablesIn(string expression) =>
        VariablePattern().Matches(expression).Select(VariableName);

    /// <summary>
    /// The query as Prometheus receives it from Grafana: built-in variables replaced by durations, the dashboard's own
    /// variables by <paramref name="values"/>.
    /// </summary>
    public static string Substitute(string expression, IReadOnlyDictionary<string, string> values) =>
        VariablePattern().Replace(expression, match =>
        {
            var name = VariableName(match);
            return values.TryGetValue(name, out var value) ? value
                : s_builtIns.TryGetValue(name, out var builtIn) ? builtIn
                : throw new InvalidOperationException($"No value for variable ${name} in {expression}");
        });

    /// <summary>
    /// The PromQL behind a Prometheus query variable: <c>label_values(selector, label)</c> lists the label's values
    /// among the series of the selector, as <c>group by (label) (selector)</c> does.
    /// </summary>
    public static (string Expression, string Label)? VariableQuery(JsonElement variable)
    {
        if (variable.GetProperty("type").GetString() != "query")
        {
            return null;
        }
        var query = variable.GetProperty("query");
        var text = query.ValueKind == JsonValueKind.Object ? query.GetProperty("query").GetString() : query.GetString();
        var match = LabelValuesPattern().Match(text ?? "");
        if (!match.Success)
        {
            throw new InvalidOperationException(
                $"Variable {variable.GetProperty("name")}: only label_values(selector, label) is supported, got {text}");
        }
        var label = match.Groups["label"].Value;
        return ($"group by ({label}) ({match.Groups["selector"].Value})", label);
    }

    private static string VariableName(Match match) =>
        match.Groups.Values.Skip(1).First(group => group.Success).Value;

    [GeneratedRegex(@"\$\{(\w+)(?::\w+)?\}|\$(\w+)|\[\[(\w+)\]\]")]
    private static partial Regex VariablePattern();

    [GeneratedRegex(@"^\s*label_values\((?<selector>.+),\s*(?<label>\w+)\s*\)\s*$")]
    private static partial Regex LabelValuesPattern();
}

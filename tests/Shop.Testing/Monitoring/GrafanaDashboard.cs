using System.Text.Json;
using System.Text.RegularExpressions;

namespace Shop.Testing.Monitoring;

/// <summary>One PromQL query of a dashboard panel, named the way a person finds it in Grafana.</summary>
public sealed record DashboardQuery(string Dashboard, int PanelId, string Panel, string RefId, string Expression)
{
    public override string ToString() => $"{Dashboard} panel {PanelId} \"{Panel}\" ({RefId})";
}

/// <summary>
/// A query variable of a dashboard with the PromQL that lists its values: Grafana's <c>label_values(selector, label)</c>
/// is <c>group by (label) (selector)</c>.
/// </summary>
public sealed record DashboardVariable(string Name, string Expression, string Label);

/// <summary>
/// A Grafana dashboard file of helm/shop/dashboards, read as the JSON model Grafana provisions: the offline checks of
/// the chart and the end-to-end checks against a live Prometheus read the dashboards the same way.
/// </summary>
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

    private static readonly string[] s_rangeVariables = ["__rate_interval", "__interval", "__range"];

    private GrafanaDashboard(string fileName, JsonElement root)
    {
        FileName = fileName;
        Root = root;
    }

    /// <summary>The file name, such as <c>overview.json</c>.</summary>
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

    /// <summary>Every templating variable, whatever its type.</summary>
    public IReadOnlyList<JsonElement> Variables =>
        Root.TryGetProperty("templating", out var templating) && templating.TryGetProperty("list", out var list)
            ? list.EnumerateArray().ToList()
            : [];

    /// <summary>The query variables, with the PromQL that lists their values.</summary>
    public IReadOnlyList<DashboardVariable> QueryVariables =>
        Variables
            .Select(variable => (Variable: variable, Query: VariableQuery(variable)))
            .Where(variable => variable.Query is not null)
            .Select(variable => new DashboardVariable(
                variable.Variable.GetProperty("name").GetString() ?? "", variable.Query!.Value.Expression, variable.Query.Value.Label))
            .ToList();

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

    public static GrafanaDashboard Load(string path)
    {
        // Strict: no comments, no trailing commas; Grafana's importer accepts only plain JSON.
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return new GrafanaDashboard(Path.GetFileName(path), document.RootElement.Clone());
    }

    /// <summary>Every dashboard of <paramref name="directory"/>, in file name order.</summary>
    public static IReadOnlyList<GrafanaDashboard> LoadAll(string directory) =>
        Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal).Select(Load).ToList();

    /// <summary>The names of the variables a query refers to, as <c>$name</c>, <c>${name}</c> or <c>[[name]]</c>.</summary>
    public static IEnumerable<string> VariablesIn(string expression) =>
        VariablePattern().Matches(expression).Select(VariableName);

    /// <summary>
    /// The query as Prometheus receives it from Grafana: the dashboard's own variables replaced by
    /// <paramref name="values"/>, built-in ones by durations — <paramref name="range"/> for the time-range variables
    /// when given (a test that looks at its whole run), otherwise values any Prometheus accepts.
    /// </summary>
    public static string Substitute(string expression, IReadOnlyDictionary<string, string> values, string? range = null) =>
        VariablePattern().Replace(expression, match =>
        {
            var name = VariableName(match);
            return values.TryGetValue(name, out var value) ? value
                : range is not null && s_rangeVariables.Contains(name) ? range
                : s_builtIns.TryGetValue(name, out var builtIn) ? builtIn
                : throw new InvalidOperationException($"No value for variable ${name} in {expression}");
        });

    /// <summary>
    /// The PromQL behind a Prometheus query variable, or <see langword="null"/> for another kind of variable;
    /// only <c>label_values(selector, label)</c> is supported.
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

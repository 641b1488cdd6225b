using System.Text.Json;
using System.Text.RegularExpressions;
using Shop.EndToEnd.Tests.Infrastructure;

namespace Shop.EndToEnd.Tests.Monitoring;

/// <summary>One PromQL query of a dashboard panel, named the way a person finds it in Grafana.</summary>
public sealed record PanelQuery(string Dashboard, string Panel, string RefId, string Expression)
{
    public override string ToString() => $"{Dashboard} \"{Panel}\" ({RefId})";
}

/// <summary>A Grafana dashboard of helm/shop/dashboards: its panel queries and its query variables.</summary>
public sealed partial class DashboardFile
{
    private DashboardFile(
        string name, IReadOnlyList<PanelQuery> queries, IReadOnlyList<(string Name, string Expression, string Label)> variables)
    {
        Name = name;
        Queries = queries;
        Variables = variables;
    }

    public static string Directory => Path.Combine(RepositoryLayout.Root, "helm", "shop", "dashboards");

    public string Name { get; }

    public IReadOnlyList<PanelQuery> Queries { get; }

    /// <summary>
    /// The dashboard's query variables, each with the PromQL that lists its values: Grafana's
    /// <c>label_values(selector, label)</c> is <c>group by (label) (selector)</c>.
    /// </summary>
    public IReadOnlyList<(string Name, string Expression, string Label)> Variables { get; }

    public static IReadOnlyList<DashboardFile> LoadAll() =>
        System.IO.Directory.GetFiles(Directory, "*.json").Order(StringComparer.Ordinal).Select(Load).ToList();

    /// <summary>
    /// The query as Prometheus receives it from Grafana: the time-range variables replaced by <paramref name="range"/>,
    /// the dashboard's own variables by <paramref name="values"/>.
    /// </summary>
    public static string Substitute(string expression, string range, IReadOnlyDictionary<string, string> values) =>
        VariablePattern().Replace(expression, match =>
        {
            var name = match.Groups.Values.Skip(1).First(group => group.Success).Value;
            return name is "__rate_interval" or "__interval" or "__range" ? range
                : values.TryGetValue(name, out var value) ? value
                : throw new InvalidOperationException($"No value for variable ${name} in {expression}");
        });

    private static DashboardFile Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        var name = Path.GetFileName(path);
        var panels = root.GetProperty("panels").EnumerateArray()
            .SelectMany(panel => panel.TryGetProperty("panels", out var nested) ? nested.EnumerateArray().Prepend(panel) : [panel]);
        var queries = panels
            .Where(panel => panel.TryGetProperty("targets", out _))
            .SelectMany(panel => panel.GetProperty("targets").EnumerateArray().Select(target => new PanelQuery(
                name, panel.GetProperty("title").GetString() ?? "", target.GetProperty("refId").GetString() ?? "",
                target.GetProperty("expr").GetString() ?? "")))
            .ToList();
        var variables = root.GetProperty("templating").GetProperty("list").EnumerateArray()
            .Where(variable => variable.GetProperty("type").GetString() == "query")
            .Select(variable =>
            {
                var query = variable.GetProperty("query");
                var text = (query.ValueKind == JsonValueKind.Object ? query.GetProperty("query").GetString() : query.GetString()) ?? "";
                var match = LabelValuesPattern().Match(text);
                if (!match.Success)
                {
                    throw new InvalidOperationException($"{name}: variable {variable.GetProperty("name")} is not label_values(selector, label): {text}");
                }
                var (selector, label) = (match.Groups["selector"].Value, match.Groups["label"].Value);
                return (variable.GetProperty("name").GetString()!, $"group by ({label}) ({selector})", label);
            })
            .ToList();
        return new DashboardFile(name, queries, variables);
    }

    [GeneratedRegex(@"\$\{(\w+)(?::\w+)?\}|\$(\w+)|\[\[(\w+)\]\]")]
    private static partial Regex VariablePattern();

    [GeneratedRegex(@"^\s*label_values\((?<selector>.+),\s*(?<label>\w+)\s*\)\s*$")]
    private static partial Regex LabelValuesPattern();
}

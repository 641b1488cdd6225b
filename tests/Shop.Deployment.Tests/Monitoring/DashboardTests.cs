using System.Globalization;
using System.Text;
using System.Text.Json;
using Shop.Testing.Monitoring;

namespace Shop.Deployment.Tests.Monitoring;

/// <summary>
/// The Grafana dashboards of helm/shop/dashboards, as files: valid JSON that Grafana provisions as it is, with the data
/// source chosen by a variable, and PromQL that Prometheus parses. Whether each query finds data is
/// tests/Shop.EndToEnd.Tests/Monitoring's job.
/// </summary>
public sealed class DashboardTests
{
    private const string DatasourceUid = "${datasource}";

    public static TheoryData<string> Dashboards => new(MonitoringFiles.Dashboards());

    [Fact]
    public void Dashboards_Folder_HoldsOverviewWarRoomAndRuntimeWithUniqueUids()
    {
        var uids = MonitoringFiles.Dashboards().Select(file => MonitoringFiles.Dashboard(file).Root.GetProperty("uid").GetString()).ToList();

        Assert.Equal(uids.Count, uids.Distinct().Count());
        Assert.Subset(uids.ToHashSet(), new HashSet<string?> { "shop-overview", "shop-black-friday", "shop-runtime" });
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Dashboard_Model_HasTitleUidAndAPrometheusDatasourceVariable(string file)
    {
        var dashboard = MonitoringFiles.Dashboard(file);
        var root = dashboard.Root;

        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("title").GetString()), $"{file} has no title");
        var uid = root.GetProperty("uid").GetString() ?? "";
        // Grafana refuses uids longer than 40 characters; a stable uid keeps links to the dashboard working.
        Assert.Matches("^[a-z0-9-]{1,40}$", uid);
        // A provisioned dashboard must not carry the database id of the Grafana it was exported from.
        Assert.True(!root.TryGetProperty("id", out var id) || id.ValueKind == JsonValueKind.Null, $"{file} has a fixed id");
        var datasource = Assert.Single(dashboard.Variables, variable => variable.GetProperty("name").GetString() == "datasource");
        Assert.Equal("datasource", datasource.GetProperty("type").GetString());
        Assert.Equal("prometheus", datasource.GetProperty("query").GetString());
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Dashboard_Panels_HaveUniqueIdsTitlesAndQueries(string file)
    {
        var dashboard = MonitoringFiles.Dashboard(file);
        var duplicateIds = dashboard.Panels
            .GroupBy(panel => panel.GetProperty("id").GetInt32())
            .Where(group => group.Count() > 1)
            .Select(group => $"id {group.Key}: {string.Join(", ", group.Select(panel => panel.GetProperty("title").GetString()))}");

        Assert.Empty(duplicateIds);
        Assert.All(dashboard.Panels, panel => Assert.False(
            string.IsNullOrWhiteSpace(panel.GetProperty("title").GetString()), $"{file}: panel {panel.GetProperty("id")} has no title"));
        var withoutQuery = dashboard.Panels
            .Where(panel => panel.GetProperty("type").GetString() != "row")
            .Where(panel => !panel.TryGetProperty("targets", out var targets)
                || !targets.EnumerateArray().Any(target => !string.IsNullOrWhiteSpace(target.GetProperty("expr").GetString())))
            .Select(panel => panel.GetProperty("title").GetString());
        Assert.Empty(withoutQuery);
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Dashboard_EveryDatasourceReference_IsTheVariable(string file)
    {
        var dashboard = MonitoringFiles.Dashboard(file);
        var references = DatasourceReferences(dashboard.Root).ToList();

        // Panels, their queries and query variables all name a data source; none may name a real one's uid.
        Assert.NotEmpty(references);
        Assert.All(references, reference =>
        {
            Assert.Equal(JsonValueKind.Object, reference.ValueKind);
            Assert.Equal("prometheus", reference.GetProperty("type").GetString());
            Assert.Equal(DatasourceUid, reference.GetProperty("uid").GetString());
        });
        Assert.All(dashboard.Panels.Where(panel => panel.GetProperty("type").GetString() != "row"),
            panel => Assert.True(panel.TryGetProperty("datasource", out _), $"{file}: panel {panel.GetProperty("title")} has no data source"));
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Dashboard_QueryVariables_AreDefinedOnTheDashboard(string file)
    {
        var dashboard = MonitoringFiles.Dashboard(file);
        var defined = dashboard.Variables.Select(variable => variable.GetProperty("name").GetString()).ToHashSet();

        var undefined = dashboard.Queries
            .SelectMany(query => GrafanaDashboard.VariablesIn(query.Expression).Select(name => (query, name)))
            .Where(use => !use.name.StartsWith("__", StringComparison.Ordinal) && !defined.Contains(use.name))
            .Select(use => $"{use.query}: ${use.name}");
        Assert.Empty(undefined);
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Dashboard_Panels_FitTheGridWithoutOverlapping(string file)
    {
        var occupied = new Dictionary<(int X, int Y), string>();
        foreach (var panel in MonitoringFiles.Dashboard(file).Panels)
        {
            var title = panel.GetProperty("title").GetString() ?? "";
            var grid = panel.GetProperty("gridPos");
            var (x, y) = (grid.GetProperty("x").GetInt32(), grid.GetProperty("y").GetInt32());
            var (w, h) = (grid.GetProperty("w").GetInt32(), grid.GetProperty("h").GetInt32());
            Assert.True(x >= 0 && w > 0 && x + w <= 24 && h > 0, $"{file}: panel \"{title}\" lies outside the 24-column grid");
            for (var column = x; column < x + w; column++)
            {
                for (var row = y; row < y + h; row++)
                {
                    Assert.True(occupied.TryAdd((column, row), title),
                        $"{file}: panels \"{title}\" and \"{occupied.GetValueOrDefault((column, row))}\" overlap");
                }
            }
        }
    }

    [Fact]
    public async Task DashboardQueries_AsRecordingRules_PassPromtoolCheck()
    {
        // One group per query, named after its panel, so that promtool's complaint says which panel is wrong.
        var rules = new StringBuilder("groups:\n");
        var number = 0;
        foreach (var dashboard in MonitoringFiles.Dashboards().Select(MonitoringFiles.Dashboard))
        {
            var values = dashboard.Variables.ToDictionary(variable => variable.GetProperty("name").GetString()!, _ => "example");
            var queries = dashboard.Queries
                .Select(query => (Name: query.ToString(), Expression: GrafanaDashboard.Substitute(query.Expression, values)));
            var variableQueries = dashboard.Variables
                .Select(variable => (
                    Name: $"{dashboard.FileName} variable {variable.GetProperty("name")}",
                    Query: GrafanaDashboard.VariableQuery(variable)))
                .Where(variable => variable.Query is not null)
                .Select(variable => (variable.Name, Expression: GrafanaDashboard.Substitute(variable.Query!.Value.Expression, values)));
            foreach (var (name, expression) in queries.Concat(variableQueries))
            {
                number++;
                rules.Append(CultureInfo.InvariantCulture, $"  - name: {JsonSerializer.Serialize(name)}\n    rules:\n");
                rules.Append(CultureInfo.InvariantCulture, $"      - record: dashboard_query_{number}\n");
                rules.Append(CultureInfo.InvariantCulture, $"        expr: {JsonSerializer.Serialize(expression)}\n");
            }
        }
        var file = Path.Combine(Path.GetTempPath(), $"shop-dashboard-queries-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, rules.ToString());
        try
        {
            var (exitCode, output) = await Promtool.RunAsync(Path.GetTempPath(), "check", "rules", file);

            Assert.True(exitCode == 0, $"promtool rejected dashboard queries:{Environment.NewLine}{output}");
            Assert.Contains($"SUCCESS: {number} rules found", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static IEnumerable<JsonElement> DatasourceReferences(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.NameEquals("datasource"))
                {
                    yield return property.Value;
                }
                foreach (var nested in DatasourceReferences(property.Value))
                {
                    yield return nested;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var nested in element.EnumerateArray().SelectMany(DatasourceReferences))
            {
                yield return nested;
            }
        }
    }
}

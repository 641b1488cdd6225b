using System.Text;
using System.Text.Json;
using Shop.EndToEnd.Tests.Infrastructure;
using Shop.Testing.Monitoring;

namespace Shop.EndToEnd.Tests.Monitoring;

public sealed class ObservedMicroservices() : ShopDeployment(
    new DeploymentShape(CatalogReplicas: 1, CartReplicas: 1, OrderReplicas: 1, ReportingReplicas: 1));

public sealed class ObservedMonolith() : ShopDeployment(
    new DeploymentShape(CatalogReplicas: 1, CartReplicas: 1, OrderReplicas: 1, ReportingReplicas: 1).AsMonolith());

/// <summary>
/// Every query of every dashboard in helm/shop/dashboards, evaluated on a real Prometheus scraping a real Shop after
/// a few checkouts, must find data: a panel over a metric or label that nothing exports fails here. The same for both
/// shapes, since the dashboards serve both. The alert rules must evaluate without error on the same Prometheus.
/// </summary>
public abstract class DashboardQueryTests<TDeployment>(ObservedShop<TDeployment> shop)
    where TDeployment : ShopDeployment, new()
{
    private static readonly TimeSpan s_scrapes = TimeSpan.FromSeconds(90);
    private static readonly string[] s_modules = ["catalog", "cart", "order", "reporting"];

    [Fact]
    public async Task EveryDashboardQuery_AfterBrowsingAndCheckouts_ReturnsData()
    {
        var evaluations = new List<(string Name, DashboardQuery Query, Dictionary<string, string> Values)>();
        foreach (var dashboard in Dashboards())
        {
            foreach (var values in await VariableValuesAsync(dashboard))
            {
                var shown = values.Count == 0 ? "" : " with " + string.Join(", ", values.Select(value => $"{value.Key}={value.Value}"));
                evaluations.AddRange(dashboard.Queries.Select(query => (query + shown, query, values)));
            }
        }
        Assert.NotEmpty(evaluations);

        // Counters and histograms appear once the first scrape after their first use has happened; errors never heal.
        var problems = new Dictionary<string, string>();
        var deadline = DateTime.UtcNow + s_scrapes;
        do
        {
            problems.Clear();
            foreach (var (name, query, values) in evaluations)
            {
                var result = await shop.Prometheus.QueryAsync(GrafanaDashboard.Substitute(query.Expression, values, shop.Prometheus.WholeRun));
                if (!result.Succeeded)
                {
                    problems[name] = "error: " + result.Error;
                }
                else if (!result.HasData && WhyEmpty(query, shop.Deployment.Shape) is null)
                {
                    problems[name] = "no data: " + query.Expression;
                }
            }
            if (problems.Count > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
        while (problems.Count > 0 && DateTime.UtcNow < deadline
            && problems.Values.All(problem => problem.StartsWith("no data", StringComparison.Ordinal)));

        Assert.True(problems.Count == 0, Report($"{problems.Count} of {evaluations.Count} dashboard queries failed", problems));
    }

    [Fact]
    public async Task OverviewRequestsByModule_AfterBrowsingAndCheckouts_ShowsEveryModule()
    {
        var query = Dashboards().Single(dashboard => dashboard.FileName == "overview.json")
            .Queries.Single(query => query.Panel == "Requests by module");
        var modules = new HashSet<string>();

        await Eventually.HoldsAsync(async () =>
        {
            var expression = GrafanaDashboard.Substitute(query.Expression, new Dictionary<string, string>(), shop.Prometheus.WholeRun);
            var result = await shop.Prometheus.QueryAsync(expression);
            modules = result.LabelValues("shop_module").ToHashSet();
            return s_modules.All(modules.Contains);
        }, "the Overview's \"Requests by module\" shows catalog, cart, order and reporting", s_scrapes);

        Assert.Subset(modules, s_modules.ToHashSet());
    }

    [Fact]
    public async Task RuntimeServiceVariable_OnTheLivePrometheus_ListsEveryScrapedService()
    {
        var variable = Assert.Single(Dashboards().Single(dashboard => dashboard.FileName == "runtime.json").QueryVariables);

        var values = (await shop.Prometheus.QueryAsync(variable.Expression)).LabelValues(variable.Label).ToHashSet();

        Assert.Equal(shop.Targets.Select(target => target.Service).ToHashSet(), values);
    }

    [Fact]
    public async Task EveryAlertRule_OnTheLivePrometheus_EvaluatesWithoutError()
    {
        IReadOnlyList<JsonElement> groups = [];
        await Eventually.HoldsAsync(async () =>
        {
            groups = await shop.Prometheus.RuleGroupsAsync();
            return groups.Count > 0 && groups.SelectMany(Rules).All(rule => EvaluatedSince(rule, shop.Prometheus.StartedAt));
        }, "Prometheus has evaluated every rule of rules.yaml", s_scrapes);

        var failing = new Dictionary<string, string>();
        foreach (var rule in groups.SelectMany(Rules))
        {
            var name = rule.GetProperty("name").GetString()!;
            if (rule.GetProperty("health").GetString() != "ok")
            {
                failing[name] = $"{rule.GetProperty("health")}: {rule.GetProperty("lastError")}";
            }
            var result = await shop.Prometheus.QueryAsync(rule.GetProperty("query").GetString()!);
            if (!result.Succeeded)
            {
                failing[name] = result.Error;
            }
        }
        Assert.True(failing.Count == 0, Report("rules that do not evaluate", failing));
    }

    private static IReadOnlyList<GrafanaDashboard> Dashboards() =>
        GrafanaDashboard.LoadAll(Path.Combine(RepositoryLayout.Root, "helm", "shop", "dashboards"));

    /// <summary>
    /// Why a panel may stay empty on a healthy test shop, or <see langword="null"/> when it must show data. Kept
    /// short on purpose: every entry is a panel this test cannot vouch for.
    /// </summary>
    private static string? WhyEmpty(DashboardQuery query, DeploymentShape shape) => query switch
    {
        { Panel: "Messages in error queues" } => "an _error or _skipped queue exists only once a consumer has given up on a message",
        // The gateway of a quiet run may throw none (a dropped client connection is the usual one).
        { Panel: "Exceptions by type" } => "dotnet_exceptions_total has a series only once the process has thrown an exception",
        _ when shape.Monolith && query.Expression.Contains("rabbitmq_", StringComparison.Ordinal) => "the monolith runs without RabbitMQ",
        _ => null,
    };

    /// <summary>Every combination of the dashboard's variable values, as Grafana offers them; one empty set without variables.</summary>
    private async Task<List<Dictionary<string, string>>> VariableValuesAsync(GrafanaDashboard dashboard)
    {
        var combinations = new List<Dictionary<string, string>> { new() };
        foreach (var (name, expression, label) in dashboard.QueryVariables)
        {
            var values = (await shop.Prometheus.QueryAsync(expression)).LabelValues(label)
                .Where(value => value.Length > 0).Order(StringComparer.Ordinal).ToList();
            Assert.True(values.Count > 0, $"{dashboard.FileName}: variable ${name} has no values ({expression})");
            combinations = combinations
                .SelectMany(combination => values.Select(value => new Dictionary<string, string>(combination) { [name] = value }))
                .ToList();
        }
        return combinations;
    }

    private static IEnumerable<JsonElement> Rules(JsonElement group) => group.GetProperty("rules").EnumerateArray();

    private static bool EvaluatedSince(JsonElement rule, DateTimeOffset start) =>
        rule.TryGetProperty("lastEvaluation", out var last) && last.TryGetDateTimeOffset(out var at) && at > start;

    private static string Report(string title, IReadOnlyDictionary<string, string> problems)
    {
        var text = new StringBuilder(title).Append(':');
        foreach (var (name, problem) in problems.OrderBy(problem => problem.Key, StringComparer.Ordinal))
        {
            text.AppendLine().Append("  ").Append(name).Append(" — ").Append(problem);
        }
        return text.ToString();
    }
}

public sealed class MicroservicesDashboardQueryTests(ObservedShop<ObservedMicroservices> shop)
    : DashboardQueryTests<ObservedMicroservices>(shop), IClassFixture<ObservedShop<ObservedMicroservices>>;

public sealed class MonolithDashboardQueryTests(ObservedShop<ObservedMonolith> shop)
    : DashboardQueryTests<ObservedMonolith>(shop), IClassFixture<ObservedShop<ObservedMonolith>>;

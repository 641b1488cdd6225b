using System.Text.Json.Nodes;
using Shop.Deployment.Tests.Monitoring;
using YamlDotNet.RepresentationModel;
using static Shop.Deployment.Tests.Helm.KubeObject;

namespace Shop.Deployment.Tests.Helm;

/// <summary>
/// How the chart wraps the monitoring files (alerts/rules.yaml, dashboards/*.json) and labels its Prometheus targets.
/// The files' own content is MonitoringTests' business; here: nothing is lost or changed on the way into Kubernetes.
/// </summary>
public sealed class MonitoringTemplateTests
{
    [Theory]
    [InlineData("microservices")]
    [InlineData("monolith")]
    public async Task OptionalTemplates_ApisAbsent_AreNotRendered(string mode)
    {
        var manifests = await ShopChart.RenderAsync("--set", $"mode={mode}", "--set", "keda.enabled=true");

        Assert.Empty(manifests.OfKind("ServiceMonitor"));
        Assert.Empty(manifests.OfKind("PrometheusRule"));
        Assert.Empty(manifests.OfKind("ScaledObject"));
    }

    [Theory]
    [InlineData("microservices", "cart catalog gateway order reporting")]
    [InlineData("monolith", "gateway monolith")]
    public async Task ServiceMonitor_OperatorPresent_SelectsEveryHostAndLabelsTargetsAsLocally(string mode, string hosts)
    {
        var manifests = await ShopChart.RenderAsync(["--set", $"mode={mode}", .. ShopChart.WithOptionalApis()]);

        var monitor = manifests.Named("ServiceMonitor", "shop");
        var components = Sequence(monitor.Root, "spec", "selector", "matchExpressions", 0, "values").Select(v => ((YamlScalarNode)v).Value);
        Assert.Equal(hosts.Split(' '), components.Order(StringComparer.Ordinal));
        Assert.Equal("app.kubernetes.io/component", monitor.Scalar("spec", "selector", "matchExpressions", 0, "key"));
        var selected = manifests.OfKind("Service").Where(service =>
            StringMap(monitor.Node("spec", "selector", "matchLabels")).All(pair => service.Labels.GetValueOrDefault(pair.Key) == pair.Value)
            && components.Contains(service.Component));
        Assert.Equal(hosts.Split(' '), selected.Select(service => service.Component).Order(StringComparer.Ordinal));
        Assert.All(selected, service => Assert.Contains(Sequence(service.Root, "spec", "ports"), port => ScalarAt(port, "name") == "http"));

        var endpoint = Assert.Single(Sequence(monitor.Root, "spec", "endpoints"));
        Assert.Equal("http", ScalarAt(endpoint, "port"));
        Assert.Equal("/metrics", ScalarAt(endpoint, "path"));
        var relabelings = Sequence(endpoint, "relabelings").ToList();
        var service = Assert.Single(relabelings, r => ScalarAt(r, "targetLabel") == "service");
        Assert.Equal(["__meta_kubernetes_service_label_app_kubernetes_io_component"], Sequence(service, "sourceLabels").Select(l => ((YamlScalarNode)l).Value));
        Assert.Equal("shop", ScalarAt(Assert.Single(relabelings, r => ScalarAt(r, "targetLabel") == "job"), "replacement"));
        Assert.Equal(["__meta_kubernetes_pod_name"],
            Sequence(Assert.Single(relabelings, r => ScalarAt(r, "targetLabel") == "replica"), "sourceLabels").Select(l => ((YamlScalarNode)l).Value));
    }

    [Fact]
    public async Task ServiceMonitor_RabbitMq_ScrapesPerQueueMetricsAsServiceRabbitmq()
    {
        var manifests = await ShopChart.RenderAsync(["--set", "mode=microservices", .. ShopChart.WithOptionalApis()]);

        var endpoint = Assert.Single(Sequence(manifests.Named("ServiceMonitor", "shop-rabbitmq").Root, "spec", "endpoints"));

        Assert.Equal("prometheus", ScalarAt(endpoint, "port"));
        // The alerts on queue depth and error queues group by queue: only the per-object endpoint has that label.
        Assert.Equal("/metrics/per-object", ScalarAt(endpoint, "path"));
        var service = Assert.Single(Sequence(endpoint, "relabelings"), r => ScalarAt(r, "targetLabel") == "service");
        Assert.Equal("rabbitmq", ScalarAt(service, "replacement"));
        Assert.Contains(Sequence(manifests.Named("Service", "shop-rabbitmq").Root, "spec", "ports"), p => ScalarAt(p, "name") == "prometheus");
    }

    [Fact]
    public async Task PrometheusRule_OperatorPresent_CarriesEveryRuleOfTheRulesFile()
    {
        var manifests = await ShopChart.RenderAsync(["--set", "mode=microservices", .. ShopChart.WithOptionalApis()]);

        var rendered = RuleNames(manifests.Named("PrometheusRule", "shop").Map("spec"));

        Assert.NotEmpty(rendered);
        Assert.Equal(RuleNames(RulesFile()), rendered);
    }

    [Fact]
    public async Task PrometheusRule_AlertDisabled_LeavesOnlyThatAlertOut()
    {
        var alerts = RuleNames(RulesFile()).Where(name => name.StartsWith("alert:", StringComparison.Ordinal)).ToList();
        Assert.True(alerts.Count >= 2, "alerts/rules.yaml needs at least two alerts for this test");
        var disabled = alerts[0]["alert:".Length..];

        var manifests = await ShopChart.RenderAsync(
            ["--set", "mode=microservices", .. ShopChart.WithOptionalApis(), "--set", $"monitoring.prometheusRule.disabledAlerts={{{disabled}}}"]);
        var rendered = RuleNames(manifests.Named("PrometheusRule", "shop").Map("spec"));

        Assert.Equal(RuleNames(RulesFile()).Where(name => name != alerts[0]), rendered);
    }

    [Fact]
    public async Task PrometheusRule_RenderedSpec_PassesPromtoolLint()
    {
        var manifests = await ShopChart.RenderAsync(["--set", "mode=microservices", .. ShopChart.WithOptionalApis()]);
        var spec = manifests.Named("PrometheusRule", "shop").Map("spec");
        var directory = Directory.CreateTempSubdirectory("shop-rule-");
        try
        {
            await using (var writer = File.CreateText(Path.Combine(directory.FullName, "rendered.yaml")))
            {
                new YamlStream(new YamlDocument(spec)).Save(writer, assignAnchors: false);
            }

            var (exitCode, output) = await Promtool.RunAsync(directory.FullName, "check", "rules", "--lint-fatal", "rendered.yaml");

            Assert.True(exitCode == 0, $"promtool rejects the rendered PrometheusRule:{Environment.NewLine}{output}");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Dashboards_EveryJsonFile_BecomesAConfigMapForTheGrafanaSidecar()
    {
        var files = Directory.GetFiles(Path.Combine(ChartTools.ChartDirectory, "dashboards"), "*.json");
        var manifests = await ShopChart.RenderAsync("--set", "mode=microservices");

        var dashboards = manifests.OfKind("ConfigMap").Where(c => c.Labels.ContainsKey("grafana_dashboard")).ToList();

        Assert.NotEmpty(files);
        Assert.Equal(files.Length, dashboards.Count);
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            var configMap = Assert.Single(dashboards, d => d.Scalar("data", name) is not null);
            Assert.Equal("1", configMap.Labels["grafana_dashboard"]);
            Assert.Equal("Shop", configMap.Annotations["grafana_folder"]);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(await File.ReadAllTextAsync(file)), JsonNode.Parse(configMap.Scalar("data", name)!)),
                $"{name} changed on its way into the ConfigMap");
        }
    }

    private static YamlMappingNode RulesFile()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(ChartTools.ChartDirectory, "alerts", "rules.yaml"))));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    /// <summary>"group/alert:Name" or "group/record:name", in file order.</summary>
    private static List<string> RuleNames(YamlMappingNode rules) =>
        [.. Sequence(rules, "groups").SelectMany(group => Sequence(group, "rules").Select(rule =>
            ScalarAt(rule, "alert") is { } alert ? $"alert:{alert}" : $"record:{ScalarAt(rule, "record")}@{ScalarAt(group, "name")}"))];
}

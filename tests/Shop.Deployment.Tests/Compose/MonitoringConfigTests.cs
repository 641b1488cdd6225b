using System.Text.Json;
using System.Text.RegularExpressions;
using Shop.Deployment.Tests.Docker;
using YamlDotNet.RepresentationModel;

namespace Shop.Deployment.Tests.Compose;

/// <summary>
/// The monitoring of docker-compose.yml: Prometheus (deploy/compose/prometheus.yml) scrapes every Shop host with the
/// labels the dashboards and alerts use and loads the Helm chart's alert rules; Grafana is provisioned with that
/// Prometheus and with the chart's dashboards.
/// </summary>
public sealed class MonitoringConfigTests
{
    private const string PrometheusConfig = "deploy/compose/prometheus.yml";
    private const string GrafanaProvisioning = "deploy/compose/grafana/provisioning";
    private const string DashboardsFolder = "helm/shop/dashboards";
    private const string AlertsFolder = "helm/shop/alerts";

    private static readonly string[] ProvisioningKinds = ["datasources", "dashboards"];

    [Fact]
    public async Task PrometheusConfig_WithTheMountedRules_PassesPromtool()
    {
        var project = await ComposeProject.ResolvedAsync();
        // The config names the rules by their path in the container; point it at the folder compose mounts there.
        var rulesMount = Assert.Single(project.Services["prometheus"].Volumes, v => v.Target == "/etc/prometheus/rules");
        var directory = Directory.CreateTempSubdirectory("shop-prometheus-");
        try
        {
            var config = Path.Combine(directory.FullName, "prometheus.yml");
            await File.WriteAllTextAsync(config, Repository.ReadText(PrometheusConfig).Replace("/etc/prometheus/rules/", rulesMount.Source + "/", StringComparison.Ordinal));

            var result = await ContainerTools.RunAsync(ContainerTools.Promtool, ["check", "config", config], directory.FullName);

            Assert.True(result.ExitCode == 0, result.Describe());
            Assert.Contains("1 rule files found", result.Output + result.Error, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task PrometheusRules_ComeReadOnlyFromTheHelmChartsAlertsFolder()
    {
        var prometheus = (await ComposeProject.ResolvedAsync()).Services["prometheus"];

        var mount = Assert.Single(prometheus.Volumes, v => v.Target == "/etc/prometheus/rules");

        Assert.Equal(Repository.PathOf(AlertsFolder), mount.Source);
        Assert.True(mount.ReadOnly);
        var ruleFiles = ((YamlSequenceNode)LoadYaml(PrometheusConfig)["rule_files"]).Children.Select(c => ((YamlScalarNode)c).Value!).ToList();
        // One file by name: the folder also holds promtool unit tests, which are no rule file.
        Assert.Equal(["/etc/prometheus/rules/rules.yaml"], ruleFiles);
        Assert.True(File.Exists(Repository.PathOf($"{AlertsFolder}/rules.yaml")), $"{AlertsFolder}/rules.yaml is missing");
    }

    [Fact]
    public async Task PrometheusShopJob_ScrapesEveryHostService_OnThePortItsImageListensOn()
    {
        var project = await ComposeProject.ResolvedAsync();
        var discovery = Assert.Single(DnsDiscovery("shop"));
        var names = ((YamlSequenceNode)discovery["names"]).Children.Select(c => ((YamlScalarNode)c).Value!).ToHashSet(StringComparer.Ordinal);
        var imagePort = new Uri(ShopImages.Dockerfile.Environment(ShopImages.Dockerfile.Stage("gateway"))["ASPNETCORE_URLS"].Replace("+", "host", StringComparison.Ordinal)).Port;

        Assert.Equal(ShopImages.HttpTargets.ToHashSet(StringComparer.Ordinal), names);
        Assert.Equal(imagePort.ToString(System.Globalization.CultureInfo.InvariantCulture), ((YamlScalarNode)discovery["port"]).Value);
        Assert.Equal("A", ((YamlScalarNode)discovery["type"]).Value);
        // Each name is a compose service running that image, or the alias of one (the monolith profile's gateway).
        Assert.All(names, name => Assert.Contains(project.Services.Values, s => s.BuildTarget == name && (s.Name == name || s.NetworkAliases.Contains(name))));
    }

    [Theory]
    [InlineData("catalog", "172.18.0.7:8080", "catalog", "catalog-172.18.0.7")]
    [InlineData("monolith", "172.18.0.9:8080", "monolith", "monolith-172.18.0.9")]
    [InlineData("gateway.", "10.0.3.2:8080", "gateway", "gateway-10.0.3.2")]
    public void PrometheusShopJob_Relabeling_GivesServiceAndReplicaLabels(string dnsName, string address, string service, string replica)
    {
        var job = Job("shop");
        var target = new Dictionary<string, string>(StringComparer.Ordinal) { ["__address__"] = address, ["__meta_dns_name"] = dnsName };

        Relabel(target, (YamlSequenceNode)job["relabel_configs"]);

        Assert.Equal(service, target["service"]);
        Assert.Equal(replica, target["replica"]);
    }

    [Fact]
    public async Task PrometheusRabbitMqJob_ScrapesTheBrokersExporter()
    {
        var project = await ComposeProject.ResolvedAsync();
        var discovery = Assert.Single(DnsDiscovery("rabbitmq"));

        Assert.Equal("rabbitmq", Assert.Single(((YamlSequenceNode)discovery["names"]).Children.Cast<YamlScalarNode>()).Value);
        Assert.Equal("15692", ((YamlScalarNode)discovery["port"]).Value);
        Assert.StartsWith("rabbitmq:", project.Services["rabbitmq"].Image, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GrafanaDatasource_IsTheComposePrometheus()
    {
        var project = await ComposeProject.ResolvedAsync();
        var datasources = (YamlSequenceNode)LoadYaml($"{GrafanaProvisioning}/datasources/prometheus.yaml")["datasources"];

        var datasource = (YamlMappingNode)Assert.Single(datasources.Children);

        Assert.Equal("prometheus", Value(datasource, "type"));
        Assert.Equal("prometheus", Value(datasource, "uid"));
        Assert.Equal("true", Value(datasource, "isDefault"));
        var url = new Uri(Value(datasource, "url"));
        Assert.Contains(project.Services["prometheus"].Ports, p => p.Target == url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(project.Services.ContainsKey(url.Host), $"no compose service named {url.Host}");
    }

    [Fact]
    public async Task GrafanaDashboards_ProviderReadsTheMountedHelmDashboardsFolder()
    {
        var grafana = (await ComposeProject.ResolvedAsync()).Services["grafana"];
        var providers = (YamlSequenceNode)LoadYaml($"{GrafanaProvisioning}/dashboards/shop.yaml")["providers"];

        var provider = (YamlMappingNode)Assert.Single(providers.Children);
        var path = Value((YamlMappingNode)provider["options"], "path");

        var dashboards = Assert.Single(grafana.Volumes, v => v.Target == path);
        Assert.Equal(Repository.PathOf(DashboardsFolder), dashboards.Source);
        Assert.True(dashboards.ReadOnly);
        Assert.All(ProvisioningKinds, kind => Assert.Contains(grafana.Volumes, v =>
            v.Source == Repository.PathOf($"{GrafanaProvisioning}/{kind}") && v.Target == $"/etc/grafana/provisioning/{kind}" && v.ReadOnly));
    }

    [Fact]
    public void GrafanaDashboards_EveryFile_UsesTheProvisionedDatasource()
    {
        var files = Directory.GetFiles(Repository.PathOf(DashboardsFolder), "*.json");

        Assert.NotEmpty(files);
        Assert.All(files, file =>
        {
            using var dashboard = JsonDocument.Parse(File.ReadAllText(file));
            var uids = DatasourceUids(dashboard.RootElement).Distinct(StringComparer.Ordinal).ToList();
            // A dashboard variable (chosen among the Prometheus data sources, the provisioned one by default) or its uid.
            Assert.All(uids, uid => Assert.True(uid == "prometheus" || uid.StartsWith("${", StringComparison.Ordinal) || uid.StartsWith('$'),
                $"{Path.GetFileName(file)} refers to data source '{uid}'"));
        });
    }

    private static YamlMappingNode LoadYaml(string relativePath)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(Repository.ReadText(relativePath)));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static YamlMappingNode Job(string name) =>
        ((YamlSequenceNode)LoadYaml(PrometheusConfig)["scrape_configs"]).Children.Cast<YamlMappingNode>()
            .Single(job => Value(job, "job_name") == name);

    private static IEnumerable<YamlMappingNode> DnsDiscovery(string job) =>
        Job(job).Children.TryGetValue(new YamlScalarNode("dns_sd_configs"), out var configs)
            ? ((YamlSequenceNode)configs).Children.Cast<YamlMappingNode>()
            : [];

    private static string Value(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value ?? "" : "";

    /// <summary>Prometheus' "replace" relabeling: join the source labels, match the anchored regex, expand the replacement.</summary>
    private static void Relabel(Dictionary<string, string> labels, YamlSequenceNode configs)
    {
        foreach (var config in configs.Children.Cast<YamlMappingNode>())
        {
            var action = Value(config, "action");
            Assert.True(action is "" or "replace", $"only 'replace' relabeling is simulated here, not '{action}'");
            var separator = config.Children.ContainsKey(new YamlScalarNode("separator")) ? Value(config, "separator") : ";";
            var sources = ((YamlSequenceNode)config["source_labels"]).Children.Select(c => labels.GetValueOrDefault(((YamlScalarNode)c).Value!, ""));
            var regex = config.Children.ContainsKey(new YamlScalarNode("regex")) ? Value(config, "regex") : "(.*)";
            var replacement = config.Children.ContainsKey(new YamlScalarNode("replacement")) ? Value(config, "replacement") : "$1";
            var match = Regex.Match(string.Join(separator, sources), $"^(?:{regex})$", RegexOptions.None, TimeSpan.FromSeconds(1));
            if (match.Success)
            {
                labels[Value(config, "target_label")] = match.Result(replacement);
            }
        }
    }

    private static IEnumerable<string> DatasourceUids(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Name == "datasource" && property.Value.ValueKind == JsonValueKind.Object
                    && property.Value.TryGetProperty("uid", out var uid) && uid.ValueKind == JsonValueKind.String)
                {
                    yield return uid.GetString()!;
                }
                foreach (var nested in DatasourceUids(property.Value))
                {
                    yield return nested;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray().SelectMany(DatasourceUids))
            {
                yield return item;
            }
        }
    }
}

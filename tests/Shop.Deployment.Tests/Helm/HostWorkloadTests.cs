using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;
using static Shop.Deployment.Tests.Helm.KubeObject;

namespace Shop.Deployment.Tests.Helm;

/// <summary>The hosts' Deployments, Services and ConfigMaps: which exist in each mode, and how every pod runs.</summary>
public sealed partial class HostWorkloadTests
{
    private static readonly string[] StandardLabels =
    [
        "app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/version",
        "app.kubernetes.io/component", "app.kubernetes.io/part-of", "app.kubernetes.io/managed-by",
    ];

    private static readonly string[] SelectorLabels = ["app.kubernetes.io/component", "app.kubernetes.io/instance", "app.kubernetes.io/name"];

    private static readonly string[] Bounds = ["requests", "limits"];

    private static readonly string[] BoundedResources = ["cpu", "memory"];

    private static readonly string[] PodKinds = ["Deployment", "StatefulSet", "Job", "CronJob", "Pod"];

    public static TheoryData<string> Variants => RenderVariant.Names;

    [Fact]
    public async Task Render_MonolithMode_RendersNoPerServiceWorkloads()
    {
        var manifests = await ShopChart.RenderAsync("--set", "mode=monolith");

        Assert.Equal(["gateway", "monolith"], manifests.OfKind("Deployment").Select(d => d.Component).Order(StringComparer.Ordinal));
        foreach (var host in ShopChart.MicroserviceHosts)
        {
            Assert.DoesNotContain(manifests.Objects, o => o.Component == host);
            Assert.DoesNotContain(manifests.Objects, o => o.Name.StartsWith($"shop-{host}", StringComparison.Ordinal));
        }
        Assert.DoesNotContain(manifests.Objects, o => o.Component == "rabbitmq");
    }

    [Fact]
    public async Task Render_MicroservicesMode_RendersADeploymentServiceAndConfigMapPerHost()
    {
        var manifests = await ShopChart.RenderAsync("--set", "mode=microservices");

        string[] hosts = ["cart", "catalog", "gateway", "order", "reporting"];
        Assert.Equal(hosts, manifests.OfKind("Deployment").Select(d => d.Component).Order(StringComparer.Ordinal));
        foreach (var host in hosts)
        {
            Assert.Equal(host, manifests.Named("Service", $"shop-{host}").Component);
            Assert.Equal(host, manifests.Named("ConfigMap", $"shop-{host}").Component);
        }
        Assert.DoesNotContain(manifests.Objects, o => o.Component == "monolith");
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task Deployments_Variant_HaveProbesResourcesAndHardenedSecurity(string variant)
    {
        var manifests = await ShopChart.RenderAsync(RenderVariant.Named(variant));

        Assert.All(manifests.OfKind("Deployment"), deployment =>
        {
            var container = Assert.Single(deployment.Containers);
            var port = Assert.Single(Sequence(container, "ports"));
            Assert.Equal("8080", ScalarAt(port, "containerPort"));
            Assert.Equal("http", ScalarAt(port, "name"));
            Assert.Equal("/health/live", ScalarAt(container, "livenessProbe", "httpGet", "path"));
            Assert.Equal("/health/ready", ScalarAt(container, "readinessProbe", "httpGet", "path"));
            Assert.Equal("/health/live", ScalarAt(container, "startupProbe", "httpGet", "path"));
            var configMap = ScalarAt(container, "envFrom", 0, "configMapRef", "name");
            Assert.NotNull(manifests.Find("ConfigMap", configMap ?? ""));
            Assert.Equal("false", ScalarAt(deployment.PodSpec, "automountServiceAccountToken"));
        });
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task Workloads_Variant_RunAsNonRootReadOnlyWithoutCapabilitiesAndWithLimits(string variant)
    {
        var manifests = await ShopChart.RenderAsync(RenderVariant.Named(variant));
        var workloads = manifests.Objects.Where(o => PodKinds.Contains(o.Kind)).ToList();

        Assert.NotEmpty(workloads);
        Assert.All(workloads, workload =>
        {
            var pod = workload.PodSpec;
            Assert.Equal("true", ScalarAt(pod, "securityContext", "runAsNonRoot"));
            Assert.NotEqual("0", ScalarAt(pod, "securityContext", "runAsUser"));
            Assert.Equal("RuntimeDefault", ScalarAt(pod, "securityContext", "seccompProfile", "type"));
            foreach (var container in workload.Containers.Concat(workload.InitContainers))
            {
                var name = $"{workload}: container {ScalarAt(container, "name")}";
                Assert.True(ScalarAt(container, "securityContext", "allowPrivilegeEscalation") == "false", $"{name} may escalate privileges");
                Assert.True(ScalarAt(container, "securityContext", "readOnlyRootFilesystem") == "true", $"{name} has a writable root");
                Assert.True(ScalarAt(container, "securityContext", "runAsNonRoot") == "true", $"{name} may run as root");
                Assert.Equal(["ALL"], Sequence(container, "securityContext", "capabilities", "drop").Select(c => ((YamlScalarNode)c).Value));
                foreach (var bound in Bounds)
                {
                    foreach (var resource in BoundedResources)
                    {
                        Assert.True(ScalarAt(container, "resources", bound, resource) is { Length: > 0 }, $"{name} has no {bound}.{resource}");
                    }
                }
                if (ScalarAt(container, "securityContext", "readOnlyRootFilesystem") == "true")
                {
                    Assert.True(HasWritableTmp(pod, container), $"{name} has no writable /tmp");
                }
            }
        });
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task Objects_Variant_CarryStandardLabelsAndSelectByNameInstanceComponentOnly(string variant)
    {
        var manifests = await ShopChart.RenderAsync(RenderVariant.Named(variant));

        Assert.All(manifests.Objects, o =>
        {
            Assert.All(StandardLabels, label => Assert.True(o.Labels.ContainsKey(label), $"{o} lacks the label {label}"));
            Assert.Equal("Helm", o.Labels["app.kubernetes.io/managed-by"]);
            Assert.Equal("shop", o.Labels["app.kubernetes.io/instance"]);
        });
        foreach (var workload in manifests.Objects.Where(o => o.Kind is "Deployment" or "StatefulSet"))
        {
            var selector = StringMap(workload.Node("spec", "selector", "matchLabels"));
            Assert.Equal(SelectorLabels, selector.Keys.Order(StringComparer.Ordinal));
            Assert.All(selector, pair => Assert.Equal(pair.Value, workload.PodLabels[pair.Key]));
        }
        foreach (var service in manifests.OfKind("Service"))
        {
            Assert.Equal(SelectorLabels, StringMap(service.Node("spec", "selector")).Keys.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task Deployments_DefaultValues_RunOneImagePerHostTaggedWithTheAppVersion()
    {
        var appVersion = AppVersionPattern().Match(await File.ReadAllTextAsync(Path.Combine(ChartTools.ChartDirectory, "Chart.yaml"))).Groups[1].Value;
        var microservices = await ShopChart.RenderAsync("--set", "mode=microservices");
        var monolith = await ShopChart.RenderAsync("--set", "mode=monolith", "--set", "image.registry=registry.example.com:5000");

        foreach (var deployment in microservices.OfKind("Deployment"))
        {
            Assert.Equal($"shop/{deployment.Component}:{appVersion}", ScalarAt(Assert.Single(deployment.Containers), "image"));
        }
        Assert.Equal($"registry.example.com:5000/shop/monolith:{appVersion}",
            ScalarAt(Assert.Single(monolith.Named("Deployment", "shop-monolith").Containers), "image"));
    }

    [Fact]
    public async Task Gateway_MicroservicesMode_RoutesEachClusterToItsService()
    {
        var manifests = await ShopChart.RenderAsync("--set", "mode=microservices");

        var routes = GatewayRoutes(manifests);

        Assert.Equal(ShopChart.MicroserviceHosts.Order(StringComparer.Ordinal), routes.Keys.Order(StringComparer.Ordinal));
        foreach (var (cluster, address) in routes)
        {
            Assert.Equal($"http://shop-{cluster}:8080/", address);
            AssertServiceListens(manifests, $"shop-{cluster}", 8080);
        }
    }

    [Fact]
    public async Task Gateway_MonolithMode_RoutesEveryClusterToTheMonolith()
    {
        var manifests = await ShopChart.RenderAsync("--set", "mode=monolith");

        var routes = GatewayRoutes(manifests);

        Assert.Equal(ShopChart.MicroserviceHosts.Order(StringComparer.Ordinal), routes.Keys.Order(StringComparer.Ordinal));
        Assert.All(routes.Values, address => Assert.Equal("http://shop-monolith:8080/", address));
        AssertServiceListens(manifests, "shop-monolith", 8080);
    }

    [Theory]
    [InlineData("catalog", "ConnectionStrings__Catalog=shop_catalog", "ConnectionStrings__Redis", "ConnectionStrings__RabbitMq")]
    [InlineData("cart", "ConnectionStrings__Redis", "ConnectionStrings__RabbitMq")]
    [InlineData("order", "ConnectionStrings__Order=shop_order", "ConnectionStrings__RabbitMq")]
    [InlineData("reporting", "ConnectionStrings__Reporting=shop_reporting", "ConnectionStrings__OrderSource=shop_order", "ConnectionStrings__RabbitMq")]
    [InlineData("monolith", "ConnectionStrings__Shop=shop", "ConnectionStrings__Redis")]
    [InlineData("gateway")]
    public async Task HostEnvironment_Component_HasExactlyTheConnectionsItUses(string component, params string[] expected)
    {
        var mode = component == "monolith" ? "monolith" : "microservices";
        var manifests = await ShopChart.RenderAsync("--set", $"mode={mode}");
        var container = Assert.Single(manifests.Named("Deployment", $"shop-{component}").Containers);
        var env = Env(container);

        var connections = env.Keys.Where(name => name.StartsWith("ConnectionStrings__", StringComparison.Ordinal)).Order(StringComparer.Ordinal);

        Assert.Equal(expected.Select(e => e.Split('=')[0]).Order(StringComparer.Ordinal), connections);
        foreach (var database in expected.Where(e => e.Contains('=', StringComparison.Ordinal)))
        {
            var (name, db) = (database.Split('=')[0], database.Split('=')[1]);
            Assert.Equal($"Host=shop-postgresql;Port=5432;Database={db};Username=shop;Password=$(SHOP_POSTGRES_PASSWORD)", ScalarAt(env[name], "value"));
        }
        Assert.Equal("signing-key", ScalarAt(env["Auth__SigningKey"], "valueFrom", "secretKeyRef", "key"));
        Assert.Equal(component == "gateway", env.ContainsKey("Auth__AdminKey"));
        Assert.Equal(component, manifests.Named("ConfigMap", $"shop-{component}").Scalar("data", "Shop__ServiceName"));
        if (env.TryGetValue("ConnectionStrings__RabbitMq", out var rabbit))
        {
            Assert.Equal("amqp://shop:$(SHOP_RABBITMQ_PASSWORD)@shop-rabbitmq:5672/", ScalarAt(rabbit, "value"));
            Assert.True(IndexOf(container, "SHOP_RABBITMQ_PASSWORD") < IndexOf(container, "ConnectionStrings__RabbitMq"),
                "a $(VAR) reference only expands to a variable defined before it");
        }
    }

    [Fact]
    public async Task Payment_Values_ReachOrderAndMonolithConfig()
    {
        string[] payment = ["--set", "payment.latency=00:00:00.050", "--set", "payment.failureRate=0.05"];
        var microservices = await ShopChart.RenderAsync(["--set", "mode=microservices", .. payment]);
        var monolith = await ShopChart.RenderAsync(["--set", "mode=monolith", .. payment]);

        foreach (var config in new[] { microservices.Named("ConfigMap", "shop-order"), monolith.Named("ConfigMap", "shop-monolith") })
        {
            Assert.Equal("00:00:00.050", config.Scalar("data", "Order__Payment__Latency"));
            Assert.Equal("0.05", config.Scalar("data", "Order__Payment__FailureRate"));
        }
        Assert.Null(microservices.Named("ConfigMap", "shop-catalog").Scalar("data", "Order__Payment__Latency"));
    }

    private static Dictionary<string, string> GatewayRoutes(Manifests manifests)
    {
        var data = StringMap(manifests.Named("ConfigMap", "shop-gateway").Node("data"));
        return data
            .Select(pair => (Match: RoutePattern().Match(pair.Key), pair.Value))
            .Where(route => route.Match.Success)
            .ToDictionary(route => route.Match.Groups[1].Value, route => route.Value, StringComparer.Ordinal);
    }

    private static void AssertServiceListens(Manifests manifests, string service, int port)
    {
        var ports = Sequence(manifests.Named("Service", service).Root, "spec", "ports");
        Assert.Contains(ports, p => ScalarAt(p, "port") == port.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static int IndexOf(YamlMappingNode container, string variable) =>
        Sequence(container, "env").Select((entry, index) => (entry, index)).Single(e => ScalarAt(e.entry, "name") == variable).index;

    private static bool HasWritableTmp(YamlMappingNode pod, YamlMappingNode container)
    {
        var mount = Sequence(container, "volumeMounts").FirstOrDefault(m => ScalarAt(m, "mountPath") == "/tmp");
        var volumeName = mount is null ? null : ScalarAt(mount, "name");
        return Sequence(pod, "volumes").Any(v => ScalarAt(v, "name") == volumeName && Get(v, "emptyDir") is not null);
    }

    // The destination name matches the development defaults ("<cluster>-1"), so it replaces rather than adds a destination.
    [GeneratedRegex("^ReverseProxy__Clusters__([a-z]+)__Destinations__\\1-1__Address$")]
    private static partial Regex RoutePattern();

    [GeneratedRegex("(?m)^appVersion:\\s*\"?([^\"\\s]+)\"?")]
    private static partial Regex AppVersionPattern();
}

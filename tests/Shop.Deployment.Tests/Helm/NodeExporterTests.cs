using YamlDotNet.RepresentationModel;
using static Shop.Deployment.Tests.Helm.KubeObject;

namespace Shop.Deployment.Tests.Helm;

/// <summary>
/// The optional node metrics agent: a DaemonSet (one pod per node) that reads the host's /proc and /sys without any
/// privilege, and a ServiceMonitor for it where the Prometheus Operator runs.
/// </summary>
public sealed class NodeExporterTests
{
    [Theory]
    [InlineData("microservices")]
    [InlineData("monolith")]
    public async Task NodeExporter_Default_IsNotRendered(string mode)
    {
        var manifests = await ShopChart.RenderAsync(["--set", $"mode={mode}", .. ShopChart.WithOptionalApis()]);

        Assert.Empty(manifests.OfKind("DaemonSet"));
        Assert.DoesNotContain(manifests.Objects, o => o.Component == "node-exporter");
    }

    [Theory]
    [InlineData("microservices")]
    [InlineData("monolith")]
    public async Task NodeExporter_Enabled_OnePodPerNodeReadingTheHostReadOnlyWithoutPrivilege(string mode)
    {
        var manifests = await ShopChart.RenderAsync("--set", $"mode={mode}", "--set", "nodeExporter.enabled=true");

        var daemonSet = manifests.Named("DaemonSet", "shop-node-exporter");
        var pod = daemonSet.PodSpec;
        Assert.Equal(("true", "true"), (ScalarAt(pod, "hostPID"), ScalarAt(pod, "hostNetwork")));
        Assert.Equal(("true", "65534"), (ScalarAt(pod, "securityContext", "runAsNonRoot"), ScalarAt(pod, "securityContext", "runAsUser")));
        Assert.Equal("Exists", ScalarAt(pod, "tolerations", 0, "operator"));
        var container = Assert.Single(daemonSet.Containers);
        Assert.Equal("quay.io/prometheus/node-exporter:v1.8.2", ScalarAt(container, "image"));
        Assert.Equal(
            ("false", "true", "false"),
            (ScalarAt(container, "securityContext", "allowPrivilegeEscalation"), ScalarAt(container, "securityContext", "readOnlyRootFilesystem"), ScalarAt(container, "securityContext", "privileged")));
        Assert.Equal(["ALL"], Sequence(container, "securityContext", "capabilities", "drop").Select(c => ((YamlScalarNode)c).Value));
        Assert.NotNull(ScalarAt(container, "resources", "limits", "cpu"));
        Assert.NotNull(ScalarAt(container, "resources", "limits", "memory"));
        var mounts = Sequence(container, "volumeMounts").Cast<YamlMappingNode>().ToList();
        Assert.Equal(["/host/proc", "/host/root", "/host/sys"], mounts.Select(m => ScalarAt(m, "mountPath")).Order(StringComparer.Ordinal));
        Assert.All(mounts, m => Assert.Equal("true", ScalarAt(m, "readOnly")));
        var args = Sequence(container, "args").Select(a => ((YamlScalarNode)a).Value).ToList();
        Assert.Contains("--path.procfs=/host/proc", args);
        Assert.Contains("--path.sysfs=/host/sys", args);
        Assert.Contains("--web.listen-address=:9100", args);

        var service = manifests.Named("Service", "shop-node-exporter");
        Assert.Equal("None", service.Scalar("spec", "clusterIP"));
        Assert.Equal("9100", service.Scalar("spec", "ports", 0, "port"));
        Assert.Equal(StringMap(daemonSet.Node("spec", "selector", "matchLabels")), StringMap(service.Node("spec", "selector")));
    }

    [Fact]
    public async Task NodeExporter_OperatorPresent_ScrapedAsJobNodeExporterWithTheNodeAsReplica()
    {
        var manifests = await ShopChart.RenderAsync(["--set", "nodeExporter.enabled=true", .. ShopChart.WithOptionalApis()]);

        var monitor = manifests.Named("ServiceMonitor", "shop-node-exporter");
        var service = manifests.Named("Service", "shop-node-exporter");
        Assert.All(StringMap(monitor.Node("spec", "selector", "matchLabels")), pair => Assert.Equal(pair.Value, service.Labels[pair.Key]));
        Assert.Equal(("metrics", "/metrics"), (monitor.Scalar("spec", "endpoints", 0, "port"), monitor.Scalar("spec", "endpoints", 0, "path")));
        var relabelings = Sequence(monitor.Root, "spec", "endpoints", 0, "relabelings").Cast<YamlMappingNode>().ToList();
        Assert.Contains(relabelings, r => ScalarAt(r, "targetLabel") == "job" && ScalarAt(r, "replacement") == "node-exporter");
        Assert.Contains(relabelings, r => ScalarAt(r, "targetLabel") == "replica" && ScalarAt(r, "sourceLabels", 0) == "__meta_kubernetes_pod_node_name");
        // The Shop ServiceMonitor keeps to the Shop hosts: node metrics are not labelled as a Shop service.
        var shop = manifests.Named("ServiceMonitor", "shop");
        var components = Sequence(shop.Root, "spec", "selector", "matchExpressions", 0, "values").Select(v => ((YamlScalarNode)v).Value);
        Assert.DoesNotContain("node-exporter", components);
    }
}

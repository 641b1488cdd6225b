using YamlDotNet.RepresentationModel;
using static Shop.Deployment.Tests.Helm.KubeObject;

namespace Shop.Deployment.Tests.Helm;

/// <summary>
/// The NetworkPolicies, evaluated as a cluster would (a pod selected by an ingress policy accepts only what one of
/// them allows): only the gateway is public, and every pod is reachable only from what needs it.
/// </summary>
public sealed class NetworkPolicyTests
{
    private const string ReleaseNamespace = "shop";

    private static readonly Source Outsider = new("outsider", "elsewhere", new Dictionary<string, string>(StringComparer.Ordinal) { ["app"] = "curl" });

    private static readonly Source Neighbour = new("neighbour", ReleaseNamespace, new Dictionary<string, string>(StringComparer.Ordinal) { ["app"] = "other" });

    private static readonly Source Prometheus = new("prometheus", "monitoring", new Dictionary<string, string>(StringComparer.Ordinal) { ["app.kubernetes.io/name"] = "prometheus" });

    private static readonly Source Keda = new("keda", "keda", new Dictionary<string, string>(StringComparer.Ordinal) { ["app"] = "keda-operator" });

    public static TheoryData<string> Variants => RenderVariant.Names;

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task NetworkPolicies_Variant_LeaveOnlyTheGatewayPublic(string variant)
    {
        var manifests = await ShopChart.RenderAsync(RenderVariant.Named(variant));
        var pods = Pods(manifests);

        Assert.NotEmpty(manifests.OfKind("NetworkPolicy"));
        foreach (var stranger in new[] { Outsider, Neighbour })
        {
            var reachable = pods.Where(pod => Admits(manifests, pod.Labels, stranger)).Select(pod => pod.Component).Distinct();
            Assert.Equal(["gateway"], reachable);
        }
    }

    [Theory]
    [InlineData("microservices", "gateway", "*")]
    [InlineData("microservices", "catalog", "gateway prometheus")]
    [InlineData("microservices", "cart", "gateway prometheus")]
    [InlineData("microservices", "order", "gateway prometheus")]
    [InlineData("microservices", "reporting", "gateway prometheus")]
    [InlineData("microservices", "postgresql", "catalog catalog-migrate order order-migrate reporting reporting-migrate rollup")]
    [InlineData("microservices", "redis", "catalog catalog-migrate cart")]
    [InlineData("microservices", "rabbitmq", "cart catalog catalog-migrate keda order order-migrate prometheus reporting reporting-migrate rollup")]
    [InlineData("monolith", "monolith", "gateway prometheus")]
    [InlineData("monolith", "postgresql", "monolith monolith-migrate rollup")]
    [InlineData("monolith", "redis", "monolith monolith-migrate rollup")]
    public async Task NetworkPolicies_Target_AdmitOnlyWhatNeedsIt(string mode, string target, string expected)
    {
        var manifests = await ShopChart.RenderAsync(["--set", $"mode={mode}", "--set", "loadTest.enabled=true", .. ShopChart.WithOptionalApis()]);
        var pods = Pods(manifests);
        var targetLabels = pods.First(pod => pod.Component == target).Labels;
        var sources = pods.Select(pod => new Source(pod.Component, ReleaseNamespace, pod.Labels))
            .Concat([Prometheus, Keda, Outsider]);

        var admitted = sources.Where(source => Admits(manifests, targetLabels, source)).Select(source => source.Name).Distinct().Order(StringComparer.Ordinal).ToList();

        if (expected == "*")
        {
            Assert.Contains(Outsider.Name, admitted);
        }
        else
        {
            Assert.Equal(expected.Split(' ').Order(StringComparer.Ordinal), admitted);
        }
    }

    [Fact]
    public async Task NetworkPolicies_Disabled_AreNotRendered()
    {
        var manifests = await ShopChart.RenderAsync("--set", "networkPolicy.enabled=false");

        Assert.Empty(manifests.OfKind("NetworkPolicy"));
    }

    private sealed record Source(string Name, string Namespace, IReadOnlyDictionary<string, string> Labels)
    {
        public IReadOnlyDictionary<string, string> NamespaceLabels { get; } =
            new Dictionary<string, string>(StringComparer.Ordinal) { ["kubernetes.io/metadata.name"] = Namespace };
    }

    private sealed record Pod(string Component, IReadOnlyDictionary<string, string> Labels);

    private static List<Pod> Pods(Manifests manifests) =>
        [.. manifests.Objects
            .Where(o => o.Kind is "Deployment" or "StatefulSet" or "Job" or "CronJob" or "Pod")
            .Select(o => new Pod(o.PodLabels["app.kubernetes.io/component"], o.PodLabels))];

    /// <summary>Whether a connection from <paramref name="source"/> to a pod with these labels is allowed.</summary>
    private static bool Admits(Manifests manifests, IReadOnlyDictionary<string, string> target, Source source)
    {
        var selecting = manifests.OfKind("NetworkPolicy")
            .Where(policy => Sequence(policy.Root, "spec", "policyTypes").Any(t => ((YamlScalarNode)t).Value == "Ingress"))
            .Where(policy => Matches(policy.Node("spec", "podSelector"), target))
            .ToList();
        if (selecting.Count == 0)
        {
            return true; // not isolated: a cluster lets everything in
        }
        return selecting.Any(policy => Sequence(policy.Root, "spec", "ingress").Any(rule => RuleAdmits(rule, source)));
    }

    private static bool RuleAdmits(YamlNode rule, Source source)
    {
        var peers = Sequence(rule, "from").ToList();
        if (peers.Count == 0)
        {
            return true; // no "from": every source
        }
        return peers.Any(peer =>
        {
            var namespaceSelector = Get(peer, "namespaceSelector");
            var podSelector = Get(peer, "podSelector");
            var namespaceMatches = namespaceSelector is null
                ? source.Namespace == ReleaseNamespace
                : Matches(namespaceSelector, source.NamespaceLabels);
            var podMatches = podSelector is null || Matches(podSelector, source.Labels);
            return namespaceMatches && podMatches;
        });
    }

    private static bool Matches(YamlNode? selector, IReadOnlyDictionary<string, string> labels)
    {
        if (selector is not YamlMappingNode map)
        {
            return selector is not null; // {} written as an empty scalar never appears; a missing selector matches nothing
        }
        Assert.Null(Get(map, "matchExpressions")); // the evaluator only understands matchLabels; the chart uses nothing else
        return StringMap(Get(map, "matchLabels")).All(pair => labels.TryGetValue(pair.Key, out var value) && value == pair.Value);
    }
}

using System.Collections.Concurrent;

namespace Shop.Deployment.Tests.Helm;

/// <summary>
/// helm lint and helm template of helm/shop, offline. Renders are cached per argument list: several tests read the
/// same render, and the chart does not change during a run.
/// </summary>
public static class ShopChart
{
    public const string KubeVersion = "1.32.0";

    /// <summary>APIs of the optional templates (ServiceMonitor, PrometheusRule, ScaledObject), which a cluster may lack.</summary>
    public static readonly IReadOnlyList<string> OptionalApis = ["monitoring.coreos.com/v1", "keda.sh/v1alpha1"];

    public static readonly IReadOnlyList<string> ValuesFiles = ["values-blackfriday.yaml", "values-minikube.yaml"];

    public static readonly IReadOnlyList<string> Modes = ["microservices", "monolith"];

    public static readonly IReadOnlyList<string> MicroserviceHosts = ["catalog", "cart", "order", "reporting"];

    private static readonly ConcurrentDictionary<string, Lazy<Task<Manifests>>> s_renders = new();

    public static Task<ProcessResult> HelmAsync(params IEnumerable<string> arguments) => ChartTools.RunAsync(ChartTools.Helm, arguments);

    public static Task<ProcessResult> LintAsync(params IEnumerable<string> arguments) =>
        HelmAsync(["lint", "--strict", "--kube-version", KubeVersion, ChartTools.ChartDirectory, .. arguments]);

    /// <summary>helm template with the release name "shop" in namespace "shop"; the result as it comes.</summary>
    public static Task<ProcessResult> TemplateAsync(params IEnumerable<string> arguments) =>
        HelmAsync(["template", "shop", ChartTools.ChartDirectory, "--namespace", "shop", "--kube-version", KubeVersion, .. arguments]);

    /// <summary>The objects helm template renders; fails the test when helm does.</summary>
    public static Task<Manifests> RenderAsync(params IEnumerable<string> arguments)
    {
        var list = arguments.ToList();
        var key = string.Join('\u001f', list);
        return s_renders.GetOrAdd(key, _ => new Lazy<Task<Manifests>>(async () =>
        {
            var result = await TemplateAsync(list);
            Assert.True(result.ExitCode == 0, $"helm template {string.Join(' ', list)} failed: {result.Describe()}");
            return Manifests.Parse(result.Output);
        })).Value;
    }

    public static Task<Manifests> RenderAsync(RenderVariant variant, params IEnumerable<string> arguments) =>
        RenderAsync([.. variant.Arguments, .. arguments]);

    /// <summary>Arguments that turn the optional templates on, as on a cluster with the Prometheus Operator and KEDA.</summary>
    public static IEnumerable<string> WithOptionalApis() =>
        [.. OptionalApis.SelectMany(api => new[] { "--api-versions", api }), "--set", "keda.enabled=true"];

    public static IEnumerable<string> ValuesFile(string file) => ["--values", Path.Combine(ChartDirectory, file)];

    private static string ChartDirectory => ChartTools.ChartDirectory;
}

/// <summary>
/// One way to render the chart: a mode, an optional values file, and whether the optional APIs are present.
/// Tests take the name (a string keeps xunit's theory cases apart) and turn it back into arguments.
/// </summary>
public sealed record RenderVariant(string Mode, string? ValuesFile, bool OptionalApis)
{
    public static IReadOnlyList<RenderVariant> All { get; } =
        [.. from mode in ShopChart.Modes
            from file in new string?[] { null }.Concat(ShopChart.ValuesFiles)
            from apis in new[] { false, true }
            select new RenderVariant(mode, file, apis)];

    public static TheoryData<string> Names => new(All.Select(variant => variant.Name));

    public string Name => $"{Mode}{(ValuesFile is null ? "" : "+" + ValuesFile)}{(OptionalApis ? "+optional-apis" : "")}";

    public IReadOnlyList<string> Arguments =>
    [
        .. ValuesFile is null ? [] : ShopChart.ValuesFile(ValuesFile),
        "--set", $"mode={Mode}",
        .. OptionalApis ? ShopChart.WithOptionalApis() : [],
    ];

    public static RenderVariant Named(string name) => All.Single(variant => variant.Name == name);
}

using k8s;

namespace Shop.Deployment.Tests.Helm;

/// <summary>
/// Every object of every render checked twice, offline: by the kubernetes-models validators (the API's OpenAPI
/// schemas: required fields, types, quantities, CRDs) and by KubernetesClient's strict parser (unknown or misspelt
/// fields, apiVersions the client no longer knows).
/// </summary>
public sealed class ManifestValidationTests
{
    /// <summary>
    /// KubernetesClient has no models for custom resources. These kinds are parsed as plain maps (YAML syntax and duplicate
    /// keys still checked); their schemas are checked by the validators (prometheus-operator and keda models), and the
    /// fields the chart sets by MonitoringTemplateTests and AutoscalingTests.
    /// </summary>
    private static readonly Dictionary<string, Type> CustomResourceTypes = new(StringComparer.Ordinal)
    {
        ["monitoring.coreos.com/v1/ServiceMonitor"] = typeof(Dictionary<string, object>),
        ["monitoring.coreos.com/v1/PrometheusRule"] = typeof(Dictionary<string, object>),
        ["keda.sh/v1alpha1/ScaledObject"] = typeof(Dictionary<string, object>),
        ["keda.sh/v1alpha1/TriggerAuthentication"] = typeof(Dictionary<string, object>),
    };

    public static TheoryData<string> Variants => RenderVariant.Names;

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task Render_Variant_PassesKubernetesModelsValidation(string variant)
    {
        var manifests = await ShopChart.RenderAsync(RenderVariant.Named(variant));

        var result = await Validate(manifests.Text);

        Assert.True(result.ExitCode == 0, $"{variant}: {result.Describe()}");
        Assert.Contains($"validated {manifests.Objects.Count} object(s), 0 problem(s)", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task Render_Variant_ParsesStrictlyWithKubernetesClient(string variant)
    {
        var manifests = await ShopChart.RenderAsync(RenderVariant.Named(variant));

        var objects = KubernetesYaml.LoadAllFromString(manifests.Text, CustomResourceTypes, strict: true);

        Assert.Equal(manifests.Objects.Count, objects.Count);
        var custom = manifests.Objects.Where(o => CustomResourceTypes.ContainsKey($"{o.ApiVersion}/{o.Kind}")).ToList();
        Assert.Equal(custom.Count, objects.Count(o => o is Dictionary<string, object>));
    }

    [Fact]
    public async Task Render_NodeExporterEnabled_PassesBothValidations()
    {
        // Off by default, so no variant above renders it.
        var manifests = await ShopChart.RenderAsync(["--set", "nodeExporter.enabled=true", .. ShopChart.WithOptionalApis()]);
        Assert.Single(manifests.OfKind("DaemonSet"));

        var result = await Validate(manifests.Text);
        var objects = KubernetesYaml.LoadAllFromString(manifests.Text, CustomResourceTypes, strict: true);

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Contains($"validated {manifests.Objects.Count} object(s), 0 problem(s)", result.Output, StringComparison.Ordinal);
        Assert.Equal(manifests.Objects.Count, objects.Count);
    }

    [Fact]
    public async Task Validators_BrokenManifest_ReportTheProblem()
    {
        // The checks above only mean something if the validators do reject bad objects.
        const string broken = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: broken
            spec:
              selector: {}
              template:
                spec:
                  containers:
                    - name: app
                      resources:
                        requests:
                          cpu: lots
            ---
            apiVersion: keda.sh/v1alpha1
            kind: ScaledObject
            metadata:
              name: broken
            spec:
              scaleTargetRef: {}
              triggers:
                - type: rabbitmq
                  metadata:
                    queueName: 5
            """;

        var result = await Validate(broken);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Deployment/broken", result.Output, StringComparison.Ordinal);
        Assert.Contains("cpu", result.Output, StringComparison.Ordinal);
        Assert.Contains("ScaledObject/broken", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void KubernetesClientStrict_MisspeltField_Throws()
    {
        const string misspelt = """
            apiVersion: v1
            kind: Service
            metadata:
              name: misspelt
            spec:
              selectr:
                app: x
            """;

        Assert.ThrowsAny<Exception>(() => KubernetesYaml.LoadAllFromString(misspelt, CustomResourceTypes, strict: true));
    }

    private static Task<ProcessResult> Validate(string manifests) =>
        ChartTools.RunAsync("node", [ChartTools.ValidatorScript, ChartTools.KubernetesModels], manifests);
}

using static Shop.Deployment.Tests.Helm.KubeObject;

namespace Shop.Deployment.Tests.Helm;

/// <summary>HPAs on CPU with a scale-up/scale-down behaviour, and KEDA taking over order's scaling where it exists.</summary>
public sealed class AutoscalingTests
{
    public static TheoryData<string> Variants => RenderVariant.Names;

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task Hpas_Variant_TargetAnExistingDeploymentOnCpuWithBehavior(string variant)
    {
        var manifests = await ShopChart.RenderAsync(RenderVariant.Named(variant));
        var hpas = manifests.OfKind("HorizontalPodAutoscaler").ToList();

        Assert.NotEmpty(hpas);
        Assert.All(hpas, hpa =>
        {
            Assert.Equal("autoscaling/v2", hpa.ApiVersion);
            Assert.Equal("Deployment", hpa.Scalar("spec", "scaleTargetRef", "kind"));
            var target = manifests.Find("Deployment", hpa.Scalar("spec", "scaleTargetRef", "name") ?? "");
            Assert.True(target is not null, $"{hpa} targets a Deployment that is not rendered");
            Assert.Null(target.Node("spec", "replicas")); // the HPA owns it; an upgrade must not reset it
            Assert.Equal("cpu", hpa.Scalar("spec", "metrics", 0, "resource", "name"));
            Assert.Equal("Utilization", hpa.Scalar("spec", "metrics", 0, "resource", "target", "type"));
            Assert.True(IntAt(hpa.Root, "spec", "minReplicas") <= IntAt(hpa.Root, "spec", "maxReplicas"));
            Assert.NotEmpty(Sequence(hpa.Root, "spec", "behavior", "scaleUp", "policies"));
            Assert.NotEmpty(Sequence(hpa.Root, "spec", "behavior", "scaleDown", "policies"));
        });
        var scaled = hpas.Select(h => h.Scalar("spec", "scaleTargetRef", "name"))
            .Concat(manifests.OfKind("ScaledObject").Select(s => s.Scalar("spec", "scaleTargetRef", "name")));
        Assert.Equal(manifests.OfKind("Deployment").Select(d => d.Name).Order(StringComparer.Ordinal), scaled.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Deployment_AutoscalingOff_SetsReplicasFromValues()
    {
        var manifests = await ShopChart.RenderAsync("--set", "components.catalog.autoscaling.enabled=false", "--set", "components.catalog.replicaCount=3");

        Assert.Equal("3", manifests.Named("Deployment", "shop-catalog").Scalar("spec", "replicas"));
        Assert.Null(manifests.Find("HorizontalPodAutoscaler", "shop-catalog"));
    }

    [Fact]
    public async Task Keda_EnabledWhereServed_ReplacesTheOrderHpaWithAScaledObjectOnQueueDepth()
    {
        var manifests = await ShopChart.RenderAsync(["--set", "mode=microservices", .. ShopChart.WithOptionalApis()]);

        Assert.Null(manifests.Find("HorizontalPodAutoscaler", "shop-order"));
        Assert.NotNull(manifests.Find("HorizontalPodAutoscaler", "shop-catalog"));
        var scaledObject = manifests.Named("ScaledObject", "shop-order");
        Assert.Equal("keda.sh/v1alpha1", scaledObject.ApiVersion);
        Assert.Equal("shop-order", scaledObject.Scalar("spec", "scaleTargetRef", "name"));
        Assert.Null(manifests.Named("Deployment", "shop-order").Node("spec", "replicas"));
        var rabbit = Sequence(scaledObject.Root, "spec", "triggers").Single(t => ScalarAt(t, "type") == "rabbitmq");
        Assert.Equal("order-stock-reserved", ScalarAt(rabbit, "metadata", "queueName"));
        Assert.Equal("QueueLength", ScalarAt(rabbit, "metadata", "mode"));
        Assert.NotEmpty(Sequence(scaledObject.Root, "spec", "advanced", "horizontalPodAutoscalerConfig", "behavior", "scaleUp", "policies"));

        var authentication = manifests.Named("TriggerAuthentication", ScalarAt(rabbit, "authenticationRef", "name") ?? "");
        var secretRef = Assert.Single(Sequence(authentication.Root, "spec", "secretTargetRef"));
        Assert.Equal("host", ScalarAt(secretRef, "parameter"));
        var uri = manifests.Named("Secret", ScalarAt(secretRef, "name") ?? "").Scalar("stringData", ScalarAt(secretRef, "key") ?? "");
        Assert.StartsWith("amqp://shop:", uri, StringComparison.Ordinal);
        Assert.EndsWith("@shop-rabbitmq:5672/", uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keda_QueuesConfigured_AddsOneTriggerPerQueue()
    {
        var manifests = await ShopChart.RenderAsync(
            ["--set", "mode=microservices", .. ShopChart.WithOptionalApis(), "--set", "keda.queues={order-stock-reserved,order-submit-order}"]);

        var queues = Sequence(manifests.Named("ScaledObject", "shop-order").Root, "spec", "triggers")
            .Where(t => ScalarAt(t, "type") == "rabbitmq").Select(t => ScalarAt(t, "metadata", "queueName"));

        Assert.Equal(["order-stock-reserved", "order-submit-order"], queues);
    }

    [Fact]
    public async Task Keda_EnabledWithoutItsApi_KeepsTheOrderHpa()
    {
        var manifests = await ShopChart.RenderAsync("--set", "mode=microservices", "--set", "keda.enabled=true");

        Assert.Empty(manifests.OfKind("ScaledObject"));
        Assert.NotNull(manifests.Find("HorizontalPodAutoscaler", "shop-order"));
    }

    [Fact]
    public async Task Keda_MonolithMode_RendersNoScaledObject()
    {
        var manifests = await ShopChart.RenderAsync(["--set", "mode=monolith", .. ShopChart.WithOptionalApis()]);

        Assert.Empty(manifests.OfKind("ScaledObject"));
        Assert.Empty(manifests.OfKind("TriggerAuthentication"));
        Assert.NotNull(manifests.Find("HorizontalPodAutoscaler", "shop-monolith"));
    }

    [Theory]
    [InlineData("microservices")]
    [InlineData("monolith")]
    public async Task BlackFridayValues_Mode_RaiseEveryCeilingAndFloor(string mode)
    {
        var defaults = await ShopChart.RenderAsync("--set", $"mode={mode}");
        var blackFriday = await ShopChart.RenderAsync([.. ShopChart.ValuesFile("values-blackfriday.yaml"), "--set", $"mode={mode}"]);

        Assert.All(defaults.OfKind("HorizontalPodAutoscaler"), hpa =>
        {
            var raised = blackFriday.Named("HorizontalPodAutoscaler", hpa.Name);
            Assert.True(IntAt(raised.Root, "spec", "maxReplicas") > IntAt(hpa.Root, "spec", "maxReplicas"), $"{hpa} ceiling not raised");
            Assert.True(IntAt(raised.Root, "spec", "minReplicas") >= IntAt(hpa.Root, "spec", "minReplicas"), $"{hpa} floor lowered");
        });
    }
}

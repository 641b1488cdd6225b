using YamlDotNet.RepresentationModel;
using static Shop.Deployment.Tests.Helm.KubeObject;

namespace Shop.Deployment.Tests.Helm;

/// <summary>PostgreSQL, Redis and RabbitMQ as StatefulSets, and each replaced by an external one when switched off.</summary>
public sealed class StatefulServiceTests
{
    [Theory]
    [InlineData("microservices", "postgresql rabbitmq redis")]
    [InlineData("monolith", "postgresql redis")]
    public async Task StatefulSets_Mode_HaveAVolumeClaimTemplateAndAHeadlessService(string mode, string stores)
    {
        var manifests = await ShopChart.RenderAsync("--set", $"mode={mode}");

        var statefulSets = manifests.OfKind("StatefulSet").ToList();

        Assert.Equal(stores.Split(' '), statefulSets.Select(s => s.Component).Order(StringComparer.Ordinal));
        Assert.All(statefulSets, statefulSet =>
        {
            var service = manifests.Named("Service", statefulSet.Scalar("spec", "serviceName") ?? "");
            Assert.Equal("None", service.Scalar("spec", "clusterIP"));
            var claim = Assert.Single(Sequence(statefulSet.Root, "spec", "volumeClaimTemplates"));
            Assert.Equal("data", ScalarAt(claim, "metadata", "name"));
            Assert.Contains(Sequence(Assert.Single(statefulSet.Containers), "volumeMounts"), mount => ScalarAt(mount, "name") == "data");
            Assert.NotNull(Get(Assert.Single(statefulSet.Containers), "readinessProbe"));
        });
    }

    [Fact]
    public async Task Postgres_InitScript_CreatesTheDatabaseOfEveryHostAndTheMonolith()
    {
        var manifests = await ShopChart.RenderAsync("--set", "mode=microservices");

        var script = manifests.Named("ConfigMap", "shop-postgresql-init").Scalar("data", "10-shop-databases.sql") ?? "";

        foreach (var database in new[] { "shop_catalog", "shop_order", "shop_reporting", "shop" })
        {
            Assert.Contains($"'CREATE DATABASE {database}' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '{database}')", script, StringComparison.Ordinal);
        }
        var env = Env(Assert.Single(manifests.Named("StatefulSet", "shop-postgresql").Containers));
        Assert.Equal("postgres", ScalarAt(env["POSTGRES_DB"], "value")); // so the init script may create "shop"
        Assert.Equal("postgres-password", ScalarAt(env["POSTGRES_PASSWORD"], "valueFrom", "secretKeyRef", "key"));
    }

    [Fact]
    public async Task Redis_Default_KeepsAnAppendOnlyFile()
    {
        var manifests = await ShopChart.RenderAsync("--set", "mode=microservices");

        var args = Sequence(Assert.Single(manifests.Named("StatefulSet", "shop-redis").Containers), "args")
            .Select(a => ((YamlScalarNode)a).Value).ToList();

        Assert.Equal("yes", args[args.IndexOf("--appendonly") + 1]);
        Assert.Equal("everysec", args[args.IndexOf("--appendfsync") + 1]);
    }

    [Fact]
    public async Task Redis_AuthEnabled_RequiresThePasswordAndHostsSendIt()
    {
        var manifests = await ShopChart.RenderAsync("--set", "mode=microservices", "--set", "redis.auth.enabled=true");

        var redis = Assert.Single(manifests.Named("StatefulSet", "shop-redis").Containers);
        var catalog = Env(Assert.Single(manifests.Named("Deployment", "shop-catalog").Containers));

        Assert.Contains("--requirepass", Sequence(redis, "args").Select(a => ((YamlScalarNode)a).Value));
        Assert.Equal("shop-redis:6379,password=$(SHOP_REDIS_PASSWORD)", ScalarAt(catalog["ConnectionStrings__Redis"], "value"));
        Assert.Equal("redis-password", ScalarAt(catalog["SHOP_REDIS_PASSWORD"], "valueFrom", "secretKeyRef", "key"));
    }

    [Fact]
    public async Task RabbitMq_Config_EnablesManagementAndPrometheusPlugins()
    {
        var manifests = await ShopChart.RenderAsync("--set", "mode=microservices");

        var config = manifests.Named("ConfigMap", "shop-rabbitmq-config");
        var ports = Sequence(manifests.Named("Service", "shop-rabbitmq").Root, "spec", "ports").Select(p => ScalarAt(p, "port"));

        Assert.Equal("[rabbitmq_management,rabbitmq_prometheus].", config.Scalar("data", "enabled_plugins")?.Trim());
        Assert.Contains("prometheus.tcp.port = 15692", config.Scalar("data", "rabbitmq.conf"), StringComparison.Ordinal);
        Assert.Equal(["5672", "15672", "15692"], ports);
    }

    [Fact]
    public async Task BackingServices_DisabledWithExternalHosts_RenderNoStatefulSetAndPointHostsThere()
    {
        var manifests = await ShopChart.RenderAsync(
            "--set", "mode=microservices",
            "--set", "postgresql.enabled=false", "--set", "postgresql.external.host=db.example.com", "--set", "postgresql.external.port=6432",
            "--set", "postgresql.connectionOptions=SSL Mode=Require",
            "--set", "redis.enabled=false", "--set", "redis.external.host=cache.example.com", "--set", "redis.connectionOptions=ssl=true",
            "--set", "rabbitmq.enabled=false", "--set", "rabbitmq.external.host=mq.example.com", "--set", "rabbitmq.vhost=shop");

        Assert.Empty(manifests.OfKind("StatefulSet"));
        Assert.DoesNotContain(manifests.OfKind("NetworkPolicy"), p => p.Component is "postgresql" or "redis" or "rabbitmq");
        var catalog = Env(Assert.Single(manifests.Named("Deployment", "shop-catalog").Containers));
        Assert.Equal("Host=db.example.com;Port=6432;Database=shop_catalog;Username=shop;Password=$(SHOP_POSTGRES_PASSWORD);SSL Mode=Require",
            ScalarAt(catalog["ConnectionStrings__Catalog"], "value"));
        Assert.Equal("cache.example.com:6379,ssl=true", ScalarAt(catalog["ConnectionStrings__Redis"], "value"));
        Assert.Equal("amqp://shop:$(SHOP_RABBITMQ_PASSWORD)@mq.example.com:5672/shop", ScalarAt(catalog["ConnectionStrings__RabbitMq"], "value"));
        var wait = Assert.Single(manifests.Named("Job", "shop-catalog-migrate").InitContainers);
        Assert.Equal("db.example.com", ScalarAt(Env(wait)["PGHOST"], "value"));
    }

    [Theory]
    [InlineData("postgresql", "postgresql.external.host is required")]
    [InlineData("redis", "redis.external.host is required")]
    [InlineData("rabbitmq", "rabbitmq.external.host is required")]
    public async Task BackingService_DisabledWithoutExternalHost_FailsWithAClearMessage(string store, string message)
    {
        var result = await ShopChart.TemplateAsync("--set", "mode=microservices", "--set", $"{store}.enabled=false");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RabbitMq_MonolithModeWithoutBroker_NeedsNoExternalHost()
    {
        var result = await ShopChart.TemplateAsync("--set", "mode=monolith", "--set", "rabbitmq.enabled=false");

        Assert.True(result.ExitCode == 0, result.Describe());
    }
}

using YamlDotNet.RepresentationModel;
using static Shop.Deployment.Tests.Helm.KubeObject;

namespace Shop.Deployment.Tests.Helm;

/// <summary>Migrations, the rollup CronJob, the in-cluster load test and the `helm test` pod.</summary>
public sealed class JobAndHookTests
{
    [Theory]
    [InlineData("microservices", "catalog order reporting")]
    [InlineData("monolith", "monolith")]
    public async Task MigrationJobs_Mode_RunMigrateOfEachDatabaseHostAfterInstallAndBeforeUpgrade(string mode, string hosts)
    {
        var manifests = await ShopChart.RenderAsync("--set", $"mode={mode}");
        var jobs = manifests.OfKind("Job").ToList();

        Assert.Equal(hosts.Split(' ').Select(host => $"shop-{host}-migrate"), jobs.Select(job => job.Name).Order(StringComparer.Ordinal));
        Assert.All(jobs, job =>
        {
            var host = job.Name["shop-".Length..^"-migrate".Length];
            // post-install, not pre-install: on a fresh install the Secret and PostgreSQL exist only after the main manifests.
            Assert.Equal("post-install,pre-upgrade", job.Annotations["helm.sh/hook"]);
            Assert.Equal("before-hook-creation", job.Annotations["helm.sh/hook-delete-policy"]);
            var container = Assert.Single(job.Containers);
            Assert.Equal(["migrate"], Sequence(container, "args").Select(a => ((YamlScalarNode)a).Value));
            Assert.Equal(ScalarAt(Assert.Single(manifests.Named("Deployment", $"shop-{host}").Containers), "image"), ScalarAt(container, "image"));
            Assert.Equal("Never", ScalarAt(job.PodSpec, "restartPolicy"));
            // A pre-upgrade hook runs before the new ConfigMap is applied, so it carries its configuration itself.
            Assert.Null(Get(container, "envFrom"));
            var env = Env(container);
            Assert.Equal(host, ScalarAt(env["Shop__ServiceName"], "value"));
            Assert.Contains(env.Keys, name => name.StartsWith("ConnectionStrings__", StringComparison.Ordinal) && ScalarAt(env[name], "value")!.Contains("Database=", StringComparison.Ordinal));
            var wait = Assert.Single(job.InitContainers);
            Assert.Contains("pg_isready", ScalarAt(wait, "command", 2), StringComparison.Ordinal);
            Assert.Equal("shop-postgresql", ScalarAt(Env(wait)["PGHOST"], "value"));
        });
    }

    [Fact]
    public async Task MigrationJobs_Disabled_AreNotRendered()
    {
        var manifests = await ShopChart.RenderAsync("--set", "migrations.enabled=false");

        Assert.Empty(manifests.OfKind("Job"));
    }

    [Theory]
    [InlineData("microservices", "reporting")]
    [InlineData("monolith", "monolith")]
    public async Task RollupCronJob_Mode_RunsRollupWithTheHostThatOwnsReporting(string mode, string host)
    {
        var manifests = await ShopChart.RenderAsync("--set", $"mode={mode}");

        var cronJob = manifests.Named("CronJob", "shop-rollup");
        var container = Assert.Single(cronJob.Containers);

        Assert.Equal(["rollup"], Sequence(container, "args").Select(a => ((YamlScalarNode)a).Value));
        Assert.Equal($"shop/{host}:", ScalarAt(container, "image")![..($"shop/{host}:".Length)]);
        Assert.Equal($"shop-{host}", ScalarAt(container, "envFrom", 0, "configMapRef", "name"));
        Assert.Equal("Forbid", cronJob.Scalar("spec", "concurrencyPolicy"));
        Assert.Equal("17 * * * *", cronJob.Scalar("spec", "schedule"));
        Assert.False(cronJob.Annotations.ContainsKey("helm.sh/hook"));
    }

    [Fact]
    public async Task LoadTestJob_Default_IsNotRendered()
    {
        var manifests = await ShopChart.RenderAsync("--set", "mode=microservices");

        Assert.DoesNotContain(manifests.Objects, o => o.Component == "loadtest");
    }

    [Theory]
    [InlineData("microservices")]
    [InlineData("monolith")]
    public async Task LoadTestJob_Enabled_RunsBlackFridayAgainstTheGatewayServiceWithTheAdminKey(string mode)
    {
        var manifests = await ShopChart.RenderAsync("--set", $"mode={mode}", "--set", "loadTest.enabled=true", "--set", "loadTest.runId=bf2");

        var job = manifests.Named("Job", "shop-loadtest-bf2");
        var container = Assert.Single(job.Containers);
        var args = Sequence(container, "args").Select(a => ((YamlScalarNode)a).Value).ToList();

        Assert.Equal(
            ["run", "--scenario", "blackfriday", "--target", "http://shop-gateway:8080", "--admin-key-file", "/var/run/secrets/shop/admin-key",
             "--allow-remote", "--no-progress", "--out", "/tmp/run.json"],
            args);
        Assert.Equal("admin-key", ScalarAt(Env(container)["SHOP_ADMIN_KEY"], "valueFrom", "secretKeyRef", "key"));
        var keyMount = Assert.Single(Sequence(container, "volumeMounts"), m => ScalarAt(m, "mountPath") == "/var/run/secrets/shop");
        var keyVolume = Assert.Single(Sequence(job.PodSpec, "volumes"), v => ScalarAt(v, "name") == ScalarAt(keyMount, "name"));
        Assert.Equal("shop", ScalarAt(keyVolume, "secret", "secretName"));
        Assert.Equal("admin-key", ScalarAt(keyVolume, "secret", "items", 0, "path"));
        Assert.StartsWith("shop/loadtest:", ScalarAt(container, "image"), StringComparison.Ordinal);
        Assert.False(job.Annotations.ContainsKey("helm.sh/hook")); // a run, not part of install or upgrade
        Assert.Equal("0", job.Scalar("spec", "backoffLimit"));
    }

    [Fact]
    public async Task LoadTestJob_CustomArgs_AreRenderedWithTemplates()
    {
        var manifests = await ShopChart.RenderAsync(
            "--set", "loadTest.enabled=true",
            "--set-json", "loadTest.args=[\"run\",\"--scenario\",\"browse\",\"--target\",\"{{ include \\\"shop.gatewayUrl\\\" . }}/\",\"--duration\",\"30s\"]");

        var args = Sequence(Assert.Single(manifests.Named("Job", "shop-loadtest-1").Containers), "args").Select(a => ((YamlScalarNode)a).Value);

        Assert.Equal(["run", "--scenario", "browse", "--target", "http://shop-gateway:8080/", "--duration", "30s"], args);
    }

    [Fact]
    public async Task HelmTestPod_Default_ChecksReadinessAndTheCatalogThroughTheGateway()
    {
        var manifests = await ShopChart.RenderAsync("--set", "mode=microservices");

        var pod = Assert.Single(manifests.OfKind("Pod"));
        var container = Assert.Single(pod.Containers);
        var script = ScalarAt(container, "command", 2) ?? "";

        Assert.Equal("test", pod.Annotations["helm.sh/hook"]);
        Assert.Equal("Never", pod.Scalar("spec", "restartPolicy"));
        Assert.Equal("http://shop-gateway:8080", ScalarAt(Env(container)["GATEWAY"], "value"));
        Assert.Contains("$GATEWAY/health/ready", script, StringComparison.Ordinal);
        Assert.Contains("$GATEWAY/api/catalog/products", script, StringComparison.Ordinal);
        Assert.Contains("curl -fsS", script, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task HelmTestPod_Script_FailsWithoutProductsAndPassesWithThem()
    {
        // The pod's shell script, run here against canned answers instead of the gateway: it must tell the two apart.
        var manifests = await ShopChart.RenderAsync("--set", "mode=microservices");
        var script = ScalarAt(Assert.Single(Assert.Single(manifests.OfKind("Pod")).Containers), "command", 2) ?? "";
        var directory = Directory.CreateTempSubdirectory("shop-helm-test-");
        try
        {
            var fakeCurl = Path.Combine(directory.FullName, "curl");
            await File.WriteAllTextAsync(fakeCurl, """
                #!/bin/sh
                for last; do :; done
                case "$last" in
                  */health/ready) echo Healthy ;;
                  */api/catalog/products*) cat "$PRODUCTS" ;;
                esac
                """);
            File.SetUnixFileMode(fakeCurl, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var products = Path.Combine(directory.FullName, "products.json");

            await File.WriteAllTextAsync(products, """{"items":[{"id":"a","name":"x"}],"page":1,"pageSize":1,"total":1}""");
            var withProducts = await RunScript(script, directory.FullName, products);
            await File.WriteAllTextAsync(products, """{"items":[],"page":1,"pageSize":1,"total":0}""");
            var withoutProducts = await RunScript(script, directory.FullName, products);

            Assert.True(withProducts.ExitCode == 0, withProducts.Describe());
            Assert.NotEqual(0, withoutProducts.ExitCode);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static Task<ProcessResult> RunScript(string script, string fakeBin, string products) =>
        ChartTools.RunAsync("env",
        [
            $"PATH={fakeBin}:{Environment.GetEnvironmentVariable("PATH")}", $"PRODUCTS={products}", "GATEWAY=http://gateway:8080",
            "sh", "-c", script,
        ]);
}

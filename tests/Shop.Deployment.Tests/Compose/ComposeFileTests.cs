using System.Text.Json;
using Shop.Deployment.Tests.Docker;

namespace Shop.Deployment.Tests.Compose;

/// <summary>
/// docker-compose.yml checked by docker-compose 1.29 itself (<c>config</c>, which needs no engine) and then, on the
/// configuration it resolves, for what the file promises: every host runs with a health check, migrations are one-shot
/// jobs the services wait for, the two profiles are alternatives, only the gateway is reachable from outside the machine.
/// </summary>
public sealed class ComposeFileTests
{
    public const string Microservices = "microservices";
    public const string Monolith = "monolith";

    private static readonly string[] FourServices = ["catalog", "cart", "order", "reporting"];
    private static readonly string[] Gateways = ["gateway", "gateway-monolith"];

    /// <summary>Services that own a PostgreSQL database, each with a migration job named "&lt;service&gt;-migrate".</summary>
    public static TheoryData<string> DatabaseOwners => ["catalog", "order", "reporting", "monolith"];

    /// <summary>Every long-running service built from the Shop Dockerfile (the hosts and both gateways).</summary>
    public static TheoryData<string> HostServices => [.. FourServices, "monolith", .. Gateways];

    public static TheoryData<string> Profiles => [Microservices, Monolith];

    [Fact]
    public async Task Config_WithEverySettingOfTheExample_IsValid()
    {
        var result = await ComposeProject.ConfigAsync(ComposeProject.WithSentinels(), configOptions: ["-q"]);

        Assert.True(result.ExitCode == 0, result.Describe());
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Config_WithProfile_IsValid(string profile)
    {
        var result = await ComposeProject.ConfigAsync(ComposeProject.WithSentinels(), ["--profile", profile], ["-q"]);

        Assert.True(result.ExitCode == 0, result.Describe());
    }

    [Fact]
    public async Task Config_WithoutSecrets_StopsAndSaysHowToCreateThem()
    {
        var withoutSecrets = string.Join('\n', ComposeProject.ExampleSettings().Where(s => s.Value.Length > 0).Select(s => $"{s.Key}={s.Value}"));

        var result = await ComposeProject.ConfigAsync(withoutSecrets, configOptions: ["-q"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("deploy/compose/new-env.sh", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ExampleSettings_DefaultProfile_IsMicroservices()
    {
        // `docker compose up` with the .env made from the example starts the four services; --profile overrides it.
        Assert.Contains(ComposeProject.ExampleSettings(), s => s.Key == "COMPOSE_PROFILES" && s.Value == Microservices);
    }

    [Fact]
    public async Task Images_EveryShopImage_RunsAsAComposeService()
    {
        var project = await ComposeProject.ResolvedAsync();

        var servedTargets = project.Services.Values.Where(s => !s.Command.SequenceEqual(["migrate"])).Select(s => s.BuildTarget).OfType<string>();

        Assert.Superset(ShopImages.Projects.Keys.ToHashSet(StringComparer.Ordinal), servedTargets.ToHashSet(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Images_EveryShopService_IsBuiltFromTheRepositoryDockerfile()
    {
        var project = await ComposeProject.ResolvedAsync();
        var built = project.Services.Values.Where(s => s.BuildTarget is not null).ToList();

        Assert.NotEmpty(built);
        Assert.All(built, service =>
        {
            Assert.Equal(Repository.Root, service.BuildContext);
            Assert.Equal(ShopImages.DockerfilePath, service.BuildDockerfile);
            Assert.Contains(ShopImages.Dockerfile.Targets, stage => stage.Name == service.BuildTarget);
            // The same names the Helm chart pulls (components.<name>.image.repository).
            Assert.Equal($"shop/{service.BuildTarget}:dev", service.Image);
        });
    }

    [Theory]
    [MemberData(nameof(HostServices))]
    public async Task HostService_Healthcheck_ProbesReadinessOnLoopback(string name)
    {
        var service = (await ComposeProject.ResolvedAsync()).Services[name];

        Assert.Equal(["CMD", "/usr/bin/dotnet", "/probe/Shop.HealthProbe.dll", "http://127.0.0.1:8080/health/ready"], service.HealthcheckTest);
        Assert.Equal("unless-stopped", service.Restart);
    }

    [Fact]
    public async Task LongRunningServices_EveryOne_HasAHealthcheck()
    {
        var project = await ComposeProject.ResolvedAsync();
        var servers = project.Services.Values.Where(s => s.Restart is "unless-stopped" or "always").ToList();

        Assert.Superset(new HashSet<string>(["postgres", "redis", "rabbitmq", "prometheus", "grafana"], StringComparer.Ordinal), servers.Select(s => s.Name).ToHashSet(StringComparer.Ordinal));
        Assert.All(servers, server => Assert.True(server.HealthcheckTest is not null, $"{server} has no health check"));
    }

    [Theory]
    [MemberData(nameof(DatabaseOwners))]
    public async Task Migration_ForEveryDatabaseOwner_IsAOneShotJobInTheServicesImage(string name)
    {
        var project = await ComposeProject.ResolvedAsync();
        var service = project.Services[name];

        var migration = project.Services[$"{name}-migrate"];

        Assert.Equal(["migrate"], migration.Command);
        Assert.Equal("no", migration.Restart);
        Assert.True(migration.HealthcheckDisabled, "a one-shot job must not inherit the image's HTTP health check");
        Assert.Equal(service.Image, migration.Image);
        Assert.Equal(service.BuildTarget, migration.BuildTarget);
        Assert.Equal(service.Profiles, migration.Profiles);
        // The job runs with the service's own configuration, as `./shop run <service> migrate` does.
        Assert.Equal(service.Environment.OrderBy(e => e.Key, StringComparer.Ordinal), migration.Environment.OrderBy(e => e.Key, StringComparer.Ordinal));
        Assert.Equal("service_healthy", migration.DependsOn["postgres"]);
    }

    [Theory]
    [MemberData(nameof(DatabaseOwners))]
    public async Task Migration_ForEveryDatabaseOwner_MustSucceedBeforeTheServiceStarts(string name)
    {
        var service = (await ComposeProject.ResolvedAsync()).Services[name];

        Assert.Equal("service_completed_successfully", service.DependsOn[$"{name}-migrate"]);
    }

    [Fact]
    public async Task MonolithProfile_Runs_TheMonolithInsteadOfTheFourServicesAndTheBroker()
    {
        var active = (await ComposeProject.ResolvedAsync()).Active(Monolith);

        Assert.Superset(new HashSet<string>(["monolith", "monolith-migrate", "gateway-monolith", "postgres", "redis", "prometheus", "grafana"], StringComparer.Ordinal), active);
        Assert.Empty(active.Intersect([.. FourServices, .. FourServices.Select(s => $"{s}-migrate"), "gateway", "rabbitmq"]));
    }

    [Fact]
    public async Task MicroservicesProfile_Runs_TheFourServicesAndNotTheMonolith()
    {
        var active = (await ComposeProject.ResolvedAsync()).Active(Microservices);

        Assert.Superset(new HashSet<string>([.. FourServices, "catalog-migrate", "order-migrate", "reporting-migrate", "gateway", "rabbitmq", "postgres", "redis"], StringComparer.Ordinal), active);
        Assert.Empty(active.Intersect(["monolith", "monolith-migrate", "gateway-monolith"]));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Profile_EveryDependency_IsStartedByTheSameProfile(string profile)
    {
        var project = await ComposeProject.ResolvedAsync();
        var active = project.Active(profile);

        var dependencies = active.SelectMany(name => project.Services[name].DependsOn.Keys.Select(dependency => (name, dependency)));

        Assert.All(dependencies, d => Assert.True(active.Contains(d.dependency), $"{d.name} depends on {d.dependency}, which profile {profile} does not start"));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Profile_ExactlyOneGateway_PublishesThePublicPortAndAnswersAsGateway(string profile)
    {
        var project = await ComposeProject.ResolvedAsync();

        var gateway = Assert.Single(project.Active(profile).Select(name => project.Services[name]), s => s.BuildTarget == "gateway");

        var port = Assert.Single(gateway.Ports);
        Assert.Equal(("", "8080", "8080"), (port.HostIp, port.Published, port.Target));
        // Prometheus and the load generator find the gateway by this name in either profile.
        Assert.True(gateway.Name == "gateway" || gateway.NetworkAliases.Contains("gateway"), $"{gateway} does not answer as 'gateway'");
    }

    [Theory]
    [InlineData("gateway", "catalog", "cart", "order", "reporting")]
    [InlineData("gateway-monolith", "monolith", "monolith", "monolith", "monolith")]
    public async Task Gateway_EveryCluster_HasDestinationsOnlyInItsProfilesBackend(string name, string catalog, string cart, string order, string reporting)
    {
        var environment = (await ComposeProject.ResolvedAsync()).Services[name].Environment;
        var backends = new Dictionary<string, string> { ["catalog"] = catalog, ["cart"] = cart, ["order"] = order, ["reporting"] = reporting };

        // The gateway's appsettings.json names the clusters (one per module); destinations come only from configuration.
        foreach (var cluster in GatewayClusters())
        {
            var prefix = $"ReverseProxy__Clusters__{cluster}__Destinations__";
            var addresses = environment.Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal) && e.Key.EndsWith("__Address", StringComparison.Ordinal))
                .Select(e => e.Value).ToList();
            Assert.True(addresses.Count > 0, $"{name} gives cluster {cluster} no destination");
            Assert.All(addresses, address => Assert.Equal($"http://{backends[cluster]}:8080/", address));
        }
    }

    [Fact]
    public async Task Ports_OnlyTheGateways_ArePublishedBeyondLoopback()
    {
        var project = await ComposeProject.ResolvedAsync();

        var bindings = project.Services.Values.SelectMany(s => s.Ports.Select(p => (Service: s.Name, Port: p))).ToList();

        Assert.Contains(bindings, b => b.Service == "grafana" && b.Port is { HostIp: "127.0.0.1", Published: "3000" });
        Assert.Contains(bindings, b => b.Service == "prometheus" && b.Port is { HostIp: "127.0.0.1", Published: "9090" });
        Assert.All(bindings.Where(b => !Gateways.Contains(b.Service)), b => Assert.Equal("127.0.0.1", b.Port.HostIp));
    }

    [Fact]
    public async Task ShopContainers_Every_RunsHardenedOnAReadOnlyRootFilesystem()
    {
        var project = await ComposeProject.ResolvedAsync();
        var shop = project.Services.Values.Where(s => s.BuildTarget is not null).ToList();

        Assert.NotEmpty(shop);
        Assert.All(shop, service =>
        {
            Assert.True(service.ReadOnly, $"{service}: read_only");
            Assert.Equal(["/tmp"], service.Tmpfs);
            Assert.Equal(["ALL"], service.CapDrop);
            Assert.Contains("no-new-privileges:true", service.SecurityOptions);
        });
    }

    [Fact]
    public async Task Postgres_InitScript_CreatesEveryDatabaseTheServicesConnectTo()
    {
        var project = await ComposeProject.ResolvedAsync();
        var init = Assert.Single(project.Services["postgres"].Volumes, v => v.Target.StartsWith("/docker-entrypoint-initdb.d/", StringComparison.Ordinal));
        var script = await File.ReadAllTextAsync(init.Source);

        var databases = project.Services.Values
            .SelectMany(s => s.Environment.Values)
            .Where(v => v.StartsWith("Host=postgres;", StringComparison.Ordinal))
            .Select(v => v.Split(';').Single(part => part.StartsWith("Database=", StringComparison.Ordinal))["Database=".Length..])
            .ToHashSet(StringComparer.Ordinal);

        Assert.Equal(["shop", "shop_catalog", "shop_order", "shop_reporting"], databases.Order(StringComparer.Ordinal));
        Assert.All(databases, database => Assert.Contains($"create_owned_database {database} ", script, StringComparison.Ordinal));
        Assert.True(init.ReadOnly);
    }

    private static List<string> GatewayClusters()
    {
        using var settings = JsonDocument.Parse(Repository.ReadText("gateway/Shop.Gateway/appsettings.json"));
        var clusters = settings.RootElement.GetProperty("ReverseProxy").GetProperty("Clusters").EnumerateObject().Select(c => c.Name).ToList();
        Assert.NotEmpty(clusters);
        return clusters;
    }
}

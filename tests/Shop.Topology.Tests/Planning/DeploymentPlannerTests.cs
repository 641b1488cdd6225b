using Shop.Topology.Hosts;
using Shop.Topology.Limits;
using Shop.Topology.Planning;

namespace Shop.Topology.Tests.Planning;

public sealed class DeploymentPlannerTests
{
    private static readonly ServerAddresses Servers = new(
        new PostgresServer("127.0.0.1", 15432, "shop", "secret"), "127.0.0.1:16379", "amqp://shop:shop@127.0.0.1:15673/");

    private static readonly ShopSecrets Secrets = new("signing-key", "admin-key");

    public static TheoryData<string> Shapes => [.. ShopShape.All.Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Plan_EveryProcess_SetsEveryRequiredSettingOfItsHostAndNothingElse(string shape)
    {
        var plan = DeploymentPlanner.Plan(Request(ShopShape.Named(shape)) with
        {
            Payment = new PaymentSettings(0.05, "00:00:00.050"),
            GatewayRateLimit = false,
            ReportingFaults = true,
        });

        Assert.All(plan.Processes, process =>
        {
            var mismatch = SettingsMismatch.Of(process.Host, process.Environment.Select(e => e.Key));
            Assert.True(mismatch.IsEmpty, $"{process.Name}: {mismatch}");
        });
        Assert.All(plan.Commands, command => Assert.True(SettingsMismatch.Of(command.Host, command.Environment.Select(e => e.Key)).IsEmpty, command.Host.Name));
    }

    [Fact]
    public void Plan_Microservices_StartsEveryServiceOnItsFixedPortsAndTheGatewayLast()
    {
        var plan = DeploymentPlanner.Plan(Request(ShopShape.Microservices) with
        {
            Replicas = new Dictionary<string, int> { ["catalog"] = 2 },
        });

        Assert.Equal(["catalog-1", "catalog-2", "cart-1", "order-1", "reporting-1", "gateway"], plan.Processes.Select(p => p.Name));
        Assert.Equal([5101, 5102, 5201, 5301, 5401, 8080], plan.Processes.Select(p => p.Port));
        Assert.Equal([5151, 5152, 5251, 5351, 5451], plan.Replicas.Select(p => p.UpstreamPort!.Value));
        Assert.Equal(["catalog", "order", "reporting"], plan.Migrations.Select(m => m.Host.Name));
        Assert.Equal([ServerKind.Postgres, ServerKind.Redis, ServerKind.RabbitMq], plan.Servers);
    }

    [Fact]
    public void Plan_Replica_ListensOnHttp11ForClientsAndHttp2ForTheGateway()
    {
        var catalog = DeploymentPlanner.Plan(Request(ShopShape.Microservices)).Process("catalog-1").EnvironmentMap;

        Assert.Equal("http://127.0.0.1:5101", catalog[SettingKeys.HttpListener]);
        Assert.Equal("http://127.0.0.1:5151", catalog[SettingKeys.UpstreamListener]);
        Assert.Equal("Http2", catalog[SettingKeys.UpstreamListenerProtocols]);
        Assert.False(catalog.ContainsKey(SettingKeys.Urls));
    }

    [Fact]
    public void Plan_Gateway_HasOneHttp2DestinationPerReplicaOfEachCluster()
    {
        var gateway = DeploymentPlanner.Plan(Request(ShopShape.Microservices) with
        {
            Replicas = new Dictionary<string, int> { ["order"] = 2 },
        }).Gateway.EnvironmentMap;

        var destinations = gateway.Where(e => e.Key.StartsWith("ReverseProxy__", StringComparison.Ordinal)).ToDictionary();
        Assert.Equal(new Dictionary<string, string>
        {
            [SettingKeys.Destination("catalog", "catalog-1")] = "http://127.0.0.1:5151/",
            [SettingKeys.Destination("cart", "cart-1")] = "http://127.0.0.1:5251/",
            [SettingKeys.Destination("order", "order-1")] = "http://127.0.0.1:5351/",
            [SettingKeys.Destination("order", "order-2")] = "http://127.0.0.1:5352/",
            [SettingKeys.Destination("reporting", "reporting-1")] = "http://127.0.0.1:5451/",
        }, destinations);
        Assert.Equal("2", gateway[SettingKeys.UpstreamHttpVersion]);
        Assert.Equal("http://127.0.0.1:8080", gateway[SettingKeys.Urls]);
        Assert.Equal("admin-key", gateway[SettingKeys.AdminKey]);
        Assert.False(gateway.ContainsKey(SettingKeys.RateLimitEnabled));
    }

    [Fact]
    public void Plan_Monolith_PointsEveryClusterAtEveryMonolithReplicaAndNeedsNoBroker()
    {
        var plan = DeploymentPlanner.Plan(Request(ShopShape.Monolith, Servers with { RabbitMq = null }) with
        {
            Replicas = new Dictionary<string, int> { ["monolith"] = 2 },
        });

        var destinations = plan.Gateway.Environment.Where(e => e.Key.StartsWith("ReverseProxy__", StringComparison.Ordinal)).ToList();
        Assert.Equal(ShopTopology.GatewayClusters.Count * 2, destinations.Count);
        Assert.All(ShopTopology.GatewayClusters, cluster =>
            Assert.Contains(SettingKeys.Destination(cluster, "monolith-2"), destinations.Select(d => d.Key)));
        Assert.Equal([ServerKind.Postgres, ServerKind.Redis], plan.Servers);
        var monolith = plan.Process("monolith-1").EnvironmentMap;
        Assert.Equal("Host=127.0.0.1;Port=15432;Database=shop;Username=shop;Password=secret", monolith[SettingKeys.ConnectionString(ConnectionNames.Shop)]);
        Assert.DoesNotContain(monolith.Keys, key => key == SettingKeys.ConnectionString(ConnectionNames.RabbitMq));
    }

    [Fact]
    public void Plan_DatabaseSuffix_NamesEveryDatabaseWithIt()
    {
        var plan = DeploymentPlanner.Plan(Request(ShopShape.Microservices, Servers with { Postgres = Servers.Postgres with { DatabaseSuffix = "_fp" } }));

        var reporting = plan.Command("reporting").EnvironmentMap;
        Assert.Contains("Database=shop_reporting_fp;", reporting[SettingKeys.ConnectionString(ConnectionNames.Reporting)], StringComparison.Ordinal);
        Assert.Contains("Database=shop_order_fp;", reporting[SettingKeys.ConnectionString(ConnectionNames.OrderSource)], StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_ZeroReplicas_LeavesTheHostOutWithoutMigratingIt()
    {
        var plan = DeploymentPlanner.Plan(Request(ShopShape.Microservices) with
        {
            Replicas = new Dictionary<string, int> { ["cart"] = 0, ["order"] = 0, ["reporting"] = 0 },
        });

        Assert.Equal(["catalog-1", "gateway"], plan.Processes.Select(p => p.Name));
        Assert.Equal(["catalog"], plan.Migrations.Select(m => m.Host.Name));
        Assert.DoesNotContain(plan.Gateway.Environment, e => e.Key.Contains("__cart__", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_Payment_ReachesOnlyTheHostsThatReadItAndOnlyWhenSet()
    {
        var unset = DeploymentPlanner.Plan(Request(ShopShape.Microservices));
        var set = DeploymentPlanner.Plan(Request(ShopShape.Microservices) with { Payment = new PaymentSettings(0.25, "00:00:00.100") });

        Assert.DoesNotContain(unset.Process("order-1").Environment, e => e.Key == SettingKeys.PaymentFailureRate);
        Assert.Equal("0.25", set.Process("order-1").EnvironmentMap[SettingKeys.PaymentFailureRate]);
        Assert.Equal("00:00:00.100", set.Process("order-1").EnvironmentMap[SettingKeys.PaymentLatency]);
        Assert.DoesNotContain(set.Process("catalog-1").Environment, e => e.Key == SettingKeys.PaymentFailureRate);
    }

    [Theory]
    [InlineData("microservices", "reporting-1")]
    [InlineData("monolith", "monolith-1")]
    public void Plan_ReportingFaults_ReachTheHostOfTheReportingModuleInTheBenchEnvironment(string shape, string reporting)
    {
        var plan = DeploymentPlanner.Plan(Request(ShopShape.Named(shape)) with { ReportingFaults = true });

        var environment = plan.Process(reporting).EnvironmentMap;
        Assert.Equal("true", environment[SettingKeys.ReportingFaultsEnabled]);
        Assert.Equal(ShopTopology.FaultExperimentEnvironment, environment[SettingKeys.HostEnvironment]);
        Assert.All(plan.Processes.Where(p => p.Name != reporting), other =>
            Assert.DoesNotContain(other.Environment, e => e.Key is SettingKeys.ReportingFaultsEnabled or SettingKeys.HostEnvironment));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Plan_NoReportingFaults_LeavesEveryHostInProductionWithoutTheSwitch(string shape)
    {
        var plan = DeploymentPlanner.Plan(Request(ShopShape.Named(shape)));

        Assert.All(plan.Processes, process =>
            Assert.DoesNotContain(process.Environment, e => e.Key is SettingKeys.ReportingFaultsEnabled or SettingKeys.HostEnvironment));
    }

    [Fact]
    public void Plan_GatewaySettings_ReplaceTheGatewaysOwn()
    {
        var gateway = DeploymentPlanner.Plan(Request(ShopShape.Microservices) with
        {
            GatewayRateLimit = false,
            GatewaySettings = new Dictionary<string, string> { [SettingKeys.RateLimitEnabled] = "true", ["Shop__MaxRequestBodyBytes"] = "1024" },
        }).Gateway.Environment;

        Assert.Equal("true", Assert.Single(gateway, e => e.Key == SettingKeys.RateLimitEnabled).Value);
        Assert.Equal("1024", Assert.Single(gateway, e => e.Key == "Shop__MaxRequestBodyBytes").Value);
    }

    [Fact]
    public void Plan_AllocatedPorts_GivesEveryListenerItsOwnPortOnce()
    {
        var next = 40000;
        var ports = new AllocatedPorts(() => next++);

        var plan = DeploymentPlanner.Plan(Request(ShopShape.Microservices, ports: ports) with { Replicas = new Dictionary<string, int> { ["catalog"] = 2 } });

        var all = plan.Replicas.SelectMany(r => new[] { r.Port, r.UpstreamPort!.Value }).Append(plan.Gateway.Port).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Equal(ports.HttpPort(ShopTopology.Catalog, 2), plan.Process("catalog-2").Port);
    }

    [Theory]
    [InlineData("monolith", 1, "monolith is not part of the microservices shape")]
    [InlineData("catalog", 10, "replicas of catalog must be between 1 and 9")]
    [InlineData("nowhere", 1, "unknown service 'nowhere'")]
    public void Plan_BadReplicas_SaysWhatIsWrong(string host, int count, string message)
    {
        var request = Request(ShopShape.Microservices) with { Replicas = new Dictionary<string, int> { [host] = count } };

        var failure = Assert.Throws<TopologyException>(() => DeploymentPlanner.Plan(request));

        Assert.Contains(message, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_MicroservicesWithoutABroker_SaysTheShapeNeedsOne()
    {
        var failure = Assert.Throws<TopologyException>(() => DeploymentPlanner.Plan(Request(ShopShape.Microservices, Servers with { RabbitMq = null })));

        Assert.Contains("needs RabbitMQ", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Plan_Containers_ListenAsTheImageSaysAndAreReachedByContainerName(string shape)
    {
        var network = new ContainerNetwork("shop-test-");
        var containerServers = new ServerAddresses(new PostgresServer("postgres", 5432, "shop", "secret"), "redis:6379", "amqp://shop:shop@rabbitmq:5672/");

        var plan = DeploymentPlanner.Plan(Request(ShopShape.Named(shape), containerServers, network));

        Assert.All(plan.Processes, process =>
        {
            Assert.Equal(ContainerNetwork.ImagePort, process.Port);
            Assert.DoesNotContain(process.Environment, e => e.Key.StartsWith("Kestrel__", StringComparison.Ordinal) || e.Key == SettingKeys.Urls);
            Assert.True(SettingsMismatch.Of(process.Host, process.Environment.Select(e => e.Key)).IsEmpty, process.Name);
        });
        var gateway = plan.Gateway.EnvironmentMap;
        Assert.False(gateway.ContainsKey(SettingKeys.UpstreamHttpVersion));
        var first = plan.Replicas[0];
        Assert.Equal($"http://shop-test-{first.Name}:8080/", gateway[SettingKeys.Destination(first.Host.Clusters[0], first.Name)]);
    }

    [Fact]
    public void Plan_CpuLimits_GoToEveryReplicaOfTheirHostAndToTheGateway()
    {
        var plan = DeploymentPlanner.Plan(Request(ShopShape.Microservices) with
        {
            Replicas = new Dictionary<string, int> { ["catalog"] = 2 },
            CpuLimits = new Dictionary<string, CpuLimit> { ["catalog"] = new(300), ["gateway"] = new(1000) },
            AvailableCores = 2,
        });

        Assert.Equal(
            [("catalog-1", "0.3"), ("catalog-2", "0.3"), ("cart-1", "-"), ("order-1", "-"), ("reporting-1", "-"), ("gateway", "1")],
            plan.Processes.Select(p => (p.Name, p.CpuLimit?.ToString() ?? "-")));
    }

    [Theory]
    [InlineData("monolith", 500, "monolith is not part of the microservices shape, so it cannot have a CPU limit")]
    [InlineData("catalog", 5, "the CPU limit of catalog must be between 0.01 and 2 cores (this machine's), got 0.005")]
    [InlineData("order", 2500, "the CPU limit of order must be between 0.01 and 2 cores (this machine's), got 2.5")]
    [InlineData("search", 500, "unknown service 'search'")]
    public void Plan_BadCpuLimit_SaysWhatIsWrong(string host, int millicores, string message)
    {
        var request = Request(ShopShape.Microservices) with
        {
            CpuLimits = new Dictionary<string, CpuLimit> { [host] = new(millicores) },
            AvailableCores = 2,
        };

        var failure = Assert.Throws<TopologyException>(() => DeploymentPlanner.Plan(request));

        Assert.StartsWith(message, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FixedPorts_Offset_MovesEveryServiceButNotTheGateway()
    {
        var ports = new FixedPorts(offset: 10000, gatewayPort: 18080);

        Assert.Equal(15101, ports.HttpPort(ShopTopology.Catalog, 1));
        Assert.Equal(15553, ports.UpstreamPort(ShopTopology.Monolith, 3));
        Assert.Equal(18080, ports.GatewayPort);
    }

    private static DeploymentRequest Request(ShopShape shape, ServerAddresses? servers = null, INetworkLayout? ports = null) =>
        new(shape, servers ?? Servers, Secrets, ports ?? new FixedPorts());
}

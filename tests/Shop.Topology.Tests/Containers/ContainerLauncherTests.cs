using Shop.Topology.Containers;
using Shop.Topology.Hosts;
using Shop.Topology.Limits;
using Shop.Topology.Planning;

namespace Shop.Topology.Tests.Containers;

/// <summary>What the container launcher asks <c>docker run</c> for, without an engine.</summary>
public sealed class ContainerLauncherTests
{
    private static readonly ContainerNetwork s_network = new("shop-test-");

    private static readonly ContainerLauncher s_launcher = new(new DockerEngine("docker", "unix:///nowhere.sock"), "shop-test-net", s_network, host => $"shop/{host}:dev");

    [Fact]
    public void RunArguments_PlannedCpuLimit_BecomesDockersCpus()
    {
        var plan = Plan(new Dictionary<string, CpuLimit> { ["catalog"] = new(300) });

        var arguments = s_launcher.RunArguments(plan.Process("catalog-1"), publish: false);

        Assert.Equal("0.3", arguments[arguments.ToList().IndexOf("--cpus") + 1]);
        Assert.DoesNotContain("--cpus", s_launcher.RunArguments(plan.Gateway, publish: true));
    }

    [Fact]
    public void RunArguments_EveryContainer_IsHardenedNamedAndOnTheNetwork()
    {
        var arguments = s_launcher.RunArguments(Plan([]).Gateway, publish: true);

        Assert.Equal(["run", "--detach", "--name", "shop-test-gateway", "--hostname", "shop-test-gateway", "--network", "shop-test-net"], arguments.Take(8));
        Assert.Contains("--read-only", arguments);
        Assert.Equal("127.0.0.1::8080", arguments[^1]);
    }

    private static DeploymentPlan Plan(Dictionary<string, CpuLimit> limits) =>
        DeploymentPlanner.Plan(new DeploymentRequest(
            ShopShape.Microservices,
            new ServerAddresses(new PostgresServer("postgres", 5432, "shop", "secret"), "redis:6379", "amqp://shop:shop@rabbitmq:5672/"),
            new ShopSecrets("signing-key", "admin-key"),
            s_network)
        {
            CpuLimits = limits,
            AvailableCores = 2,
        });
}

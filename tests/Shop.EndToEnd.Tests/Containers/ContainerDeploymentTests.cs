using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Shop.Bench.Invariants;
using Shop.LoadTest.Journeys;
using Shop.LoadTest.Running;
using Shop.LoadTest.Scenarios;
using Shop.Topology;
using Shop.Topology.Containers;

namespace Shop.EndToEnd.Tests.Containers;

/// <summary>
/// The images run for real (issue: containers for real): every host container runs as the image defines it (non-root,
/// read-only root filesystem, its own health check healthy), its configuration comes only from the environment, and no
/// secret is in an image; the <c>smoke</c> scenario runs through the containerised gateway while one container's process
/// is killed with SIGKILL, its restart policy brings it back, and no order is lost, duplicated or oversold.
/// </summary>
/// <remarks>
/// The kill is a crash (SIGKILL to the process from outside the engine, as the OOM killer ends it), not
/// <c>docker kill -s KILL</c>: the engine takes that for a stop by its user and leaves the container stopped whatever its
/// restart policy (<see cref="DockerKill_IsAStopByTheUser_NoRestartPolicyBringsTheContainerBack"/> shows it).
/// </remarks>
public abstract class ContainerDeploymentTests(ContainerShop shop)
{
    /// <summary>The user of the .NET images (deploy/docker/Dockerfile: USER 1654).</summary>
    private const string ImageUser = "1654";

    [Fact]
    public async Task Containers_EveryHost_RunsAsItsImageDefinesIt()
    {
        Assert.NotEmpty(shop.HostContainers);
        foreach (var container in shop.HostContainers)
        {
            var state = await container.StateAsync();

            Assert.Equal(ContainerShop.ImageOf(container.Process.Host.Name), state.ImageName);
            Assert.True(state.RunsAs == ImageUser, $"{container.Name} runs as '{state.RunsAs}'");
            Assert.True(state.ReadOnlyRootFilesystem, $"{container.Name} has a writable root filesystem");
            Assert.Contains("ALL", state.CapabilitiesDropped);
            Assert.Equal("healthy", state.HealthStatus);
            // Everything it was configured with came from the plan's environment.
            Assert.All(container.Process.Environment, setting => Assert.Contains($"{setting.Key}={setting.Value}", state.Variables));
        }
    }

    [Fact]
    public async Task Images_OfEveryHost_HoldNoSecretAndNoSetting()
    {
        foreach (var image in shop.HostContainers.Select(c => ContainerShop.ImageOf(c.Process.Host.Name)).Distinct())
        {
            var history = await shop.Docker.RunCheckedAsync(["history", "--no-trunc", "--format", "{{.CreatedBy}}", image]);
            var configuration = await shop.Docker.RunCheckedAsync(["image", "inspect", "--format", "{{json .Config}}", image]);

            Assert.All(shop.AllSecrets, secret =>
            {
                Assert.DoesNotContain(secret, history, StringComparison.Ordinal);
                Assert.DoesNotContain(secret, configuration, StringComparison.Ordinal);
            });
            using var config = JsonDocument.Parse(configuration);
            var variables = config.RootElement.GetProperty("Env").EnumerateArray().Select(e => e.GetString()!.Split('=')[0]).ToList();
            Assert.DoesNotContain(variables, key => key.StartsWith("ConnectionStrings__", StringComparison.Ordinal) || key.StartsWith("Auth__", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Smoke_WithAHostKilledMidRun_RestartsItAndKeepsEveryInvariant()
    {
        var checker = new InvariantChecker(shop.Databases);
        var baseline = await checker.CaptureBaselineAsync(CancellationToken.None);
        var victim = shop.Container(KilledProcess);
        var restartsBefore = (await victim.StateAsync()).Restarts;
        var settings = new RunSettings
        {
            Target = TargetAddress.Parse(shop.Gateway.BaseAddress.ToString(), allowRemote: false),
            AdminKey = shop.Secrets.AdminKey,
            Seed = 20_261_207,
            // Long enough that the shop serves again after the crash, its restart and the gateway's next health probe.
            Duration = TimeSpan.FromSeconds(45),
        };

        var run = ShopLoad.RunScenarioAsync(ScenarioFile.Load("smoke"), settings, CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(10));
        await victim.CrashAsync();
        var report = await run;

        await Eventually.HoldsAsync(async () => (await victim.StateAsync()).Restarts > restartsBefore, $"{victim.Name} restarted", TimeSpan.FromSeconds(60));
        await victim.WaitUntilHealthyAsync(TimeSpan.FromMinutes(2));
        await shop.WaitUntilGatewayRoutesAsync();
        Assert.True(report.Completed, "the run was interrupted");
        var codes = string.Join("; ", report.Steps.Select(step =>
            $"{step.Name}: {string.Join(" ", step.StatusCodes.Select(c => $"{c.Key}×{c.Value}"))} timeouts {step.Timeouts} transport {step.TransportErrors}"));
        Assert.True(report.Orders.CheckoutsAccepted > 0, $"no checkout was accepted: {codes}; {string.Join(" | ", report.ExceptionSamples)}");

        using var management = shop.RabbitMqManagement is { } url ? ManagementClient(url) : null;
        var invariants = await checker.CheckAsync("a container killed with SIGKILL", baseline, report, TimeSpan.FromMinutes(2),
            management is null ? null : InvariantChecker.RabbitMqErrorQueues(management), CancellationToken.None);
        Assert.True(invariants.Passed, string.Join(Environment.NewLine, invariants.Checks.Select(c => $"{(c.Passed ? "ok" : "BROKEN")} {c.Title}: {c.Detail}")));
        Assert.NotNull(invariants.SettledAt);
    }

    [Fact]
    public async Task DockerKill_IsAStopByTheUser_NoRestartPolicyBringsTheContainerBack()
    {
        // A container of its own, so the deployment the other tests use stays whole.
        var name = $"shop-ct-kill-{Guid.NewGuid():N}"[..24];
        await shop.Docker.RunCheckedAsync(["run", "--detach", "--name", name, "--restart", ContainerLauncher.RestartPolicy, "--entrypoint", "sleep",
            ContainerShop.PostgresImage, "600"]);
        try
        {
            await shop.Docker.RunCheckedAsync(["kill", "--signal", "KILL", name]);
            await Task.Delay(TimeSpan.FromSeconds(5));

            var state = ContainerState.Parse(await shop.Docker.RunCheckedAsync(["inspect", "--format", "{{json .}}", name]));

            Assert.Equal("exited", state.Running);
            Assert.Equal(0, state.Restarts);
        }
        finally
        {
            await shop.Docker.RunAsync(["rm", "--force", name]);
        }
    }

    /// <summary>The container the smoke test kills: the order service, or in the monolith the one process there is.</summary>
    private string KilledProcess => shop.Shape.Contains(ShopTopology.Order) ? "order-1" : "monolith-1";

    private static HttpClient ManagementClient(Uri url)
    {
        var client = new HttpClient { BaseAddress = new Uri(url.GetLeftPart(UriPartial.Authority) + "/"), Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(url.UserInfo))));
        return client;
    }
}

public sealed class MicroservicesContainerTests(MicroservicesContainerShop shop) : ContainerDeploymentTests(shop), IClassFixture<MicroservicesContainerShop>;

public sealed class MonolithContainerTests(MonolithContainerShop shop) : ContainerDeploymentTests(shop), IClassFixture<MonolithContainerShop>;

using Shop.Topology.Hosts;
using Shop.Topology.Local;
using Shop.Topology.Planning;

namespace Shop.Topology.Tests.Hosts;

/// <summary>
/// What the topology calls required, the hosts really read: each host, started with its planned environment less one
/// required setting, refuses to start and names that setting. (That the full plan starts every host is what every
/// end-to-end test shows; expected settings, which a host starts without, the deployments are held to instead.) The
/// same holds for the reporting fault switch, which a host refuses when it runs as Production.
/// </summary>
public sealed class RequiredSettingsTests
{
    public static TheoryData<string, string> RequiredKeys
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var host in ShopTopology.Hosts)
            {
                foreach (var setting in host.Settings.Where(s => s.Need == SettingNeed.Required))
                {
                    data.Add(host.Name, setting.Key);
                }
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(RequiredKeys))]
    public async Task Start_WithoutARequiredSetting_RefusesAndNamesIt(string hostName, string key)
    {
        var host = ShopTopology.Host(hostName);

        await AssertRefusesToStartAsync(host, key.Replace("__", ":", StringComparison.Ordinal), request => request, without: key);
    }

    /// <summary>
    /// The reporting module's fault switch is planned with the Bench environment it needs: a host that gets the switch
    /// but runs as Production (no ASPNETCORE_ENVIRONMENT, as every deployment) refuses to start and names the switch.
    /// </summary>
    [Theory]
    [InlineData("reporting")]
    [InlineData("monolith")]
    public async Task Start_ReportingFaultsInProduction_RefusesAndNamesTheSwitch(string hostName)
    {
        var host = ShopTopology.Host(hostName);

        await AssertRefusesToStartAsync(host, "Reporting:Faults:Enabled", request => request with { ReportingFaults = true }, without: SettingKeys.HostEnvironment);
    }

    /// <summary>Starts one replica of <paramref name="host"/> with its planned environment less <paramref name="without"/>, and expects it to exit naming <paramref name="named"/>.</summary>
    private static async Task AssertRefusesToStartAsync(HostDefinition host, string named, Func<DeploymentRequest, DeploymentRequest> adjust, string without)
    {
        var shape = ShopShape.All.FirstOrDefault(s => s.Contains(host)) ?? ShopShape.Microservices;
        // Addresses where nothing listens: a host that got past its configuration would fail later, and differently.
        var nowhere = FreePort.Next();
        var plan = DeploymentPlanner.Plan(adjust(new DeploymentRequest(
            shape,
            new ServerAddresses(new PostgresServer("127.0.0.1", nowhere, "shop", "shop"), $"127.0.0.1:{nowhere}", $"amqp://shop:shop@127.0.0.1:{nowhere}/"),
            new ShopSecrets(Convert.ToBase64String(new byte[48]), "admin"),
            new AllocatedPorts(FreePort.Next))));
        var planned = host == ShopTopology.Gateway ? plan.Gateway : plan.Replicas.First(r => r.Host == host);
        var environment = planned.Environment.Where(e => e.Key != without).ToList();
        Assert.NotEqual(planned.Environment.Count, environment.Count);

        await using var process = HostProcess.Start(planned.Name, RepositoryLayout.HostDll(host.Project), planned.Port, environment);
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => process.WaitUntilReadyAsync(TimeSpan.FromSeconds(60)));

        Assert.Contains("exited with", failure.Message, StringComparison.Ordinal);
        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
    }
}

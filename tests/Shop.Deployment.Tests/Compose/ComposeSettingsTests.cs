using System.Data.Common;
using Shop.Topology;
using Shop.Topology.Hosts;

namespace Shop.Deployment.Tests.Compose;

/// <summary>
/// docker-compose.yml restates how each host runs; the topology (tools/Shop.Topology) is where that is decided. Every
/// Shop container must get every setting its host requires and nothing its host does not read, with the databases the
/// topology names.
/// </summary>
public sealed class ComposeSettingsTests
{
    /// <summary>Every compose service that runs a Shop host (its migration jobs too), with the host it runs.</summary>
    public static TheoryData<string, string> HostContainers => new()
    {
        { "catalog", "catalog" }, { "catalog-migrate", "catalog" },
        { "cart", "cart" },
        { "order", "order" }, { "order-migrate", "order" },
        { "reporting", "reporting" }, { "reporting-migrate", "reporting" },
        { "monolith", "monolith" }, { "monolith-migrate", "monolith" },
        { "gateway", "gateway" }, { "gateway-monolith", "gateway" },
    };

    [Fact]
    public async Task HostContainers_CoverEveryComposeServiceBuiltAsAHost()
    {
        var project = await ComposeProject.ResolvedAsync();
        var hostTargets = ShopTopology.Hosts.Select(h => h.Name).ToHashSet(StringComparer.Ordinal);

        var built = project.Services.Values.Where(s => s.BuildTarget is { } target && hostTargets.Contains(target)).Select(s => s.Name);

        Assert.Equal(HostContainers.Select(row => (string)row[0]).Order(StringComparer.Ordinal), built.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(HostContainers))]
    public async Task Environment_HostContainer_SetsExactlyWhatItsHostReads(string service, string host)
    {
        var environment = (await ComposeProject.ResolvedAsync()).Services[service].Environment;

        var mismatch = SettingsMismatch.Of(ShopTopology.Host(host), environment.Keys);

        Assert.True(mismatch.IsEmpty, $"{service} ({host}): {mismatch}");
    }

    [Theory]
    [MemberData(nameof(HostContainers))]
    public async Task ConnectionStrings_HostContainer_NameTheTopologysDatabases(string service, string host)
    {
        var environment = (await ComposeProject.ResolvedAsync()).Services[service].Environment;

        foreach (var (connection, database) in ShopTopology.Host(host).Databases)
        {
            var key = SettingKeys.ConnectionString(connection);
            if (environment.TryGetValue(key, out var value))
            {
                var builder = new DbConnectionStringBuilder { ConnectionString = value };
                Assert.Equal(database.Name, builder["Database"]);
            }
        }
    }
}

using System.Text.Json;
using Shop.Topology;

namespace Shop.Deployment.Tests.Docker;

/// <summary>
/// The topology (tools/Shop.Topology) must know every host the repository has, as the images, compose and the chart do:
/// a new host without a place in it would have no ports, settings or plans.
/// </summary>
public sealed class TopologyCoverageTests
{
    [Fact]
    public void Hosts_OfTheRepository_AreTheTopologysWithTheSameProjects()
    {
        var repository = ShopImages.HttpTargets.ToDictionary(target => target, target => ShopImages.Projects[target], StringComparer.Ordinal);

        var topology = ShopTopology.Hosts.ToDictionary(h => h.Name, h => $"{h.Project}/{Path.GetFileName(h.Project)}.csproj", StringComparer.Ordinal);

        Assert.Equal(repository.OrderBy(p => p.Key, StringComparer.Ordinal), topology.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void HostsSolutionFilter_BuildsEveryHostOfTheTopology()
    {
        using var filter = JsonDocument.Parse(Repository.ReadText("deploy/local/hosts.slnf"));
        var projects = filter.RootElement.GetProperty("solution").GetProperty("projects").EnumerateArray().Select(p => p.GetString()).ToHashSet(StringComparer.Ordinal);

        Assert.All(ShopTopology.Hosts, host => Assert.Contains($"{host.Project}/{Path.GetFileName(host.Project)}.csproj", projects));
    }
}

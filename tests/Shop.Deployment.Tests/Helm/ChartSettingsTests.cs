using System.Data.Common;
using System.Text.RegularExpressions;
using Shop.Topology;
using Shop.Topology.Hosts;
using YamlDotNet.RepresentationModel;
using static Shop.Deployment.Tests.Helm.KubeObject;

namespace Shop.Deployment.Tests.Helm;

/// <summary>
/// The chart restates how each host runs; the topology (tools/Shop.Topology) is where that is decided. Every container
/// that runs a Shop host (Deployments, the migration Jobs, the rollup CronJob) must get every setting its host requires
/// and nothing its host does not read, with the databases the topology names.
/// </summary>
public sealed partial class ChartSettingsTests
{
    public static TheoryData<string> Variants => RenderVariant.Names;

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task HostContainers_Variant_SetExactlyWhatTheirHostReads(string variant)
    {
        var manifests = await ShopChart.RenderAsync(RenderVariant.Named(variant), ShopChart.WithOptionalApis());

        var containers = HostContainers(manifests).ToList();

        Assert.Contains(containers, c => c.Host == ShopTopology.Gateway);
        Assert.All(containers, container =>
        {
            var mismatch = SettingsMismatch.Of(container.Host, container.Settings.Keys);
            Assert.True(mismatch.IsEmpty, $"{container.Workload} ({container.Host}): {mismatch}");
        });
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task ConnectionStrings_Variant_NameTheTopologysDatabases(string variant)
    {
        var manifests = await ShopChart.RenderAsync(RenderVariant.Named(variant), ShopChart.WithOptionalApis());

        foreach (var container in HostContainers(manifests))
        {
            foreach (var (connection, database) in container.Host.Databases)
            {
                if (container.Settings.TryGetValue(SettingKeys.ConnectionString(connection), out var value))
                {
                    Assert.Equal(database.Name, new DbConnectionStringBuilder { ConnectionString = value }["Database"]);
                }
            }
        }
    }

    [Fact]
    public async Task HostContainers_BothModes_IncludeEveryHostAndItsMigration()
    {
        var microservices = HostContainers(await ShopChart.RenderAsync("--set", "mode=microservices")).ToList();
        var monolith = HostContainers(await ShopChart.RenderAsync("--set", "mode=monolith")).ToList();

        Assert.Equal(
            ShopShape.Microservices.Services.Append(ShopTopology.Gateway).Select(h => h.Name).Order(StringComparer.Ordinal),
            microservices.Where(c => c.Workload.Kind == "Deployment").Select(c => c.Host.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["gateway", "monolith"], monolith.Where(c => c.Workload.Kind == "Deployment").Select(c => c.Host.Name).Order(StringComparer.Ordinal));
        Assert.Equal(
            ShopShape.Microservices.Services.Where(h => h.Migrates).Select(h => h.Name).Order(StringComparer.Ordinal),
            microservices.Where(c => c.Workload.Kind == "Job").Select(c => c.Host.Name).Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// The containers that run a host (the component is the host, or the host with a suffix such as <c>-migrate</c>), each
    /// with the variables it gets: its own env and the ConfigMaps it loads. A variable only referenced as <c>$(NAME)</c> by
    /// another is pod-spec plumbing for a secret (SHOP_POSTGRES_PASSWORD), not a setting of the host, and is left out.
    /// </summary>
    private static IEnumerable<HostContainer> HostContainers(Manifests manifests)
    {
        foreach (var workload in manifests.Objects.Where(o => o.Kind is "Deployment" or "Job" or "CronJob"))
        {
            var host = ShopTopology.Hosts.FirstOrDefault(h => workload.Component == h.Name || workload.Component?.StartsWith(h.Name + "-", StringComparison.Ordinal) == true);
            if (host is null)
            {
                continue;
            }
            foreach (var container in workload.Containers)
            {
                yield return new HostContainer(workload, host, Settings(manifests, container));
            }
        }
    }

    private static Dictionary<string, string> Settings(Manifests manifests, YamlMappingNode container)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in Sequence(container, "envFrom"))
        {
            if (ScalarAt(source, "configMapRef", "name") is { } configMap)
            {
                foreach (var (key, value) in StringMap(manifests.Named("ConfigMap", configMap).Node("data")))
                {
                    settings[key] = value;
                }
            }
        }
        foreach (var entry in Sequence(container, "env"))
        {
            settings[ScalarAt(entry, "name")!] = ScalarAt(entry, "value") ?? "";
        }
        var referenced = settings.Values.SelectMany(value => ReferencePattern().Matches(value).Select(m => m.Groups[1].Value)).ToHashSet(StringComparer.Ordinal);
        foreach (var plumbing in referenced)
        {
            settings.Remove(plumbing);
        }
        return settings;
    }

    [GeneratedRegex(@"\$\(([A-Z0-9_]+)\)")]
    private static partial Regex ReferencePattern();

    private sealed record HostContainer(KubeObject Workload, HostDefinition Host, IReadOnlyDictionary<string, string> Settings);
}

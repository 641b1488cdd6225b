using System.Reflection;
using Shop.Cart;
using Shop.Catalog;
using Shop.Messaging;
using Shop.Messaging.Outbox;
using Shop.Order;
using Shop.Reporting;
using Shop.ServiceDefaults.Auth;
using Shop.Topology.Hosts;

namespace Shop.Topology.Tests.Hosts;

/// <summary>
/// The topology spells the modules' configuration names again (it must not load the modules to plan a deployment):
/// each spelling must be the module's own.
/// </summary>
public sealed class ModuleNamesTests
{
    /// <summary>The topology's name, the module that reads it and that module's own constant (two modules share Redis).</summary>
    public static TheoryData<string, string, string> ConnectionNamePairs => new()
    {
        { ConnectionNames.Catalog, nameof(CatalogModule), CatalogModule.DatabaseConnectionName },
        { ConnectionNames.Order, nameof(OrderModule), OrderModule.DatabaseConnectionName },
        { ConnectionNames.Reporting, nameof(ReportingModule), ReportingModule.DatabaseConnectionName },
        { ConnectionNames.OrderSource, nameof(ReportingModule), ReportingModule.OrderSourceConnectionName },
        { ConnectionNames.Redis, nameof(CatalogModule), CatalogModule.RedisConnectionName },
        { ConnectionNames.Redis, nameof(CartModule), CartModule.RedisConnectionName },
        { ConnectionNames.RabbitMq, nameof(ShopMessaging), ShopMessaging.RabbitMqConnectionStringName },
    };

    public static TheoryData<string, string> KeyAndSection => new()
    {
        { SettingKeys.SigningKey, JwtSettings.SectionName + ":SigningKey" },
        { SettingKeys.MessagingTransport, ShopMessaging.TransportKey },
        { SettingKeys.PaymentLatency, SectionOf(typeof(OrderModule), "PaymentOptions") + ":Latency" },
        { SettingKeys.PaymentFailureRate, SectionOf(typeof(OrderModule), "PaymentOptions") + ":FailureRate" },
        { "Catalog__Cache__{option}", SectionOf(typeof(CatalogModule), "CatalogCacheOptions") + ":{option}" },
        { "Cart__{option}", SectionOf(typeof(CartModule), "CartOptions") + ":{option}" },
        { "Reporting__Rollup__{option}", SectionOf(typeof(ReportingModule), "RollupOptions") + ":{option}" },
        { SettingKeys.ReportingFaultsEnabled, SectionOf(typeof(ReportingModule), "FaultOptions") + ":Enabled" },
        { "Messaging__Outbox__{option}", OutboxOptions.SectionName + ":{option}" },
    };

    /// <summary>The <c>SectionName</c> of a module's options class, which the module keeps internal.</summary>
    private static string SectionOf(Type module, string optionsClass)
    {
        var type = module.Assembly.GetTypes().Single(t => t.Name == optionsClass);
        return (string)type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
    }

    [Theory]
    [MemberData(nameof(ConnectionNamePairs))]
    public void ConnectionName_Topology_IsTheModulesOwn(string topology, string reader, string module) =>
        Assert.True(module == topology, $"{reader} reads {module}, the topology says {topology}");

    [Theory]
    [MemberData(nameof(KeyAndSection))]
    public void SettingKey_Topology_IsTheModulesConfigurationPath(string key, string configurationPath)
    {
        Assert.Equal(configurationPath.Replace(":", "__", StringComparison.Ordinal), key);
        Assert.Contains(ShopTopology.Hosts, host => host.Settings.Any(s => s.Key == key));
    }

    [Fact]
    public void FaultExperimentEnvironment_IsOneTheReportingModuleAllowsItsFaultSwitchIn()
    {
        var validation = typeof(ReportingModule).Assembly.GetTypes().Single(t => t.Name == "FaultOptionsValidation");
        var allowed = (IReadOnlyList<string>)validation.GetProperty("AllowedEnvironments", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;

        Assert.Contains(ShopTopology.FaultExperimentEnvironment, allowed);
    }

    [Fact]
    public void Monolith_SharedDatabase_FillsEveryModuleDatabaseItMayOverride()
    {
        // The monolith's SharedDatabase fills these from ConnectionStrings:Shop; the topology lets a deployment set each.
        string[] modules = [ConnectionNames.Catalog, ConnectionNames.Order, ConnectionNames.Reporting, ConnectionNames.OrderSource];

        Assert.All(modules, name => Assert.True(ShopTopology.Monolith.Reads(SettingKeys.ConnectionString(name)), name));
        Assert.Equal([ConnectionNames.Shop], ShopTopology.Monolith.Databases.Keys);
    }
}

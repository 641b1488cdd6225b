using Shop.Topology.Hosts;

namespace Shop.Topology.Tests.Hosts;

public sealed class SettingTests
{
    [Theory]
    [InlineData("ReverseProxy__Clusters__catalog__Destinations__catalog-1__Address", true)]
    [InlineData("ReverseProxy__Clusters__order__Destinations__monolith-12__Address", true)]
    [InlineData("ReverseProxy__Clusters__catalog__Destinations____Address", false)]
    [InlineData("ReverseProxy__Clusters__catalog__Address", false)]
    [InlineData("ReverseProxy__Routes__bench__ClusterId", false)]
    public void Matches_Pattern_FillsEveryPlaceholderWithAName(string key, bool expected)
    {
        var destination = Setting.Require(SettingKeys.DestinationPattern, "a destination");

        Assert.Equal(expected, destination.Matches(key));
    }

    [Fact]
    public void Matches_PlainKey_OnlyItself()
    {
        var setting = Setting.Allow(SettingKeys.PaymentLatency, "latency");

        Assert.True(setting.Matches("Order__Payment__Latency"));
        Assert.False(setting.Matches("Order__Payment__LatencyX"));
        Assert.False(setting.Matches("order__payment__latency"));
    }

    [Fact]
    public void SettingsMismatch_Of_NamesWhatIsMissingAndWhatIsUnknown()
    {
        var mismatch = SettingsMismatch.Of(ShopTopology.Cart, [SettingKeys.SigningKey, "ConnectionStrings__Redis", "ConnectionStrings__Catalog"]);

        Assert.Equal(["ConnectionStrings__RabbitMq"], mismatch.Missing.Select(s => s.Key));
        Assert.Equal(["ConnectionStrings__Catalog"], mismatch.Unknown);
        Assert.Equal("missing ConnectionStrings__RabbitMq; not read by the host: ConnectionStrings__Catalog", mismatch.ToString());
    }

    [Fact]
    public void Hosts_EveryOne_HasADistinctNameAndBlockOfPorts()
    {
        Assert.Equal(ShopTopology.Hosts.Count, ShopTopology.Hosts.Select(h => h.Name).Distinct().Count());
        var services = ShopTopology.ServiceHosts.Select(h => h.BasePort).Order().ToList();
        Assert.All(services.Zip(services.Skip(1)), pair => Assert.True(pair.Second - pair.First >= 2 * ShopTopology.UpstreamPortOffset));
    }

    [Fact]
    public void Shapes_Together_ServeEveryClusterOnce()
    {
        Assert.All(ShopShape.All, shape =>
            Assert.All(ShopTopology.GatewayClusters, cluster => Assert.Single(shape.Services, host => host.Clusters.Contains(cluster))));
    }
}

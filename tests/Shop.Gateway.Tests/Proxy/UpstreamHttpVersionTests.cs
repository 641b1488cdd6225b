using System.Net;
using Shop.Gateway.Tests.Infrastructure;
using Yarp.ReverseProxy.Model;

namespace Shop.Gateway.Tests.Proxy;

/// <summary>Gateway:Upstream:HttpVersion: HTTP/1.1 by default, HTTP/2 over cleartext to services that listen for it.</summary>
public sealed class UpstreamHttpVersionTests
{
    [Fact]
    public async Task Get_DefaultVersion_ReachesTheServiceOverHttp11()
    {
        await using var upstream = await FakeUpstream.StartAsync("catalog-a");
        await using var gateway = await TestGateway.StartAsync(TestGateway.CatalogDestinations(upstream.Address));

        using var response = await gateway.Client.GetAsync("/api/catalog/products");

        response.EnsureSuccessStatusCode();
        Assert.Equal("HTTP/1.1", (await FakeUpstream.ReadEchoAsync(response)).Protocol);
    }

    [Fact]
    public async Task Get_Version2_ReachesAnHttp2OnlyServiceOverCleartextHttp2()
    {
        await using var upstream = await FakeUpstream.StartAsync("catalog-a", http2Only: true);
        await using var gateway = await TestGateway.StartAsync(new Dictionary<string, string?>(TestGateway.CatalogDestinations(upstream.Address))
        {
            ["Gateway:Upstream:HttpVersion"] = "2",
        });

        using var response = await gateway.Client.GetAsync("/api/catalog/products?page=3");

        response.EnsureSuccessStatusCode();
        var echo = await FakeUpstream.ReadEchoAsync(response);
        Assert.Equal("HTTP/2", echo.Protocol);
        Assert.Equal("/api/catalog/products?page=3", echo.PathAndQuery);
    }

    [Fact]
    public async Task ActiveHealthCheck_Version2_ProbesAnHttp2OnlyServiceAsHealthy()
    {
        await using var upstream = await FakeUpstream.StartAsync("catalog-a", http2Only: true);
        await using var gateway = await TestGateway.StartAsync(new Dictionary<string, string?>(TestGateway.CatalogDestinations(upstream.Address))
        {
            ["Gateway:Upstream:HttpVersion"] = "2",
            ["Gateway:Upstream:HealthCheckInterval"] = "00:00:00.200",
        });

        // A probe sent as HTTP/1.1 to this listener would fail and mark the replica unhealthy.
        await gateway.WaitForActiveHealthAsync("catalog-1", DestinationHealth.Healthy);
        Assert.Equal(DestinationHealth.Healthy, gateway.Destination("catalog-1").Health.Active);
    }

    [Fact]
    public async Task Get_Version11AgainstAnHttp2OnlyService_ProbesTakeItOutOfRotationWith503Problems()
    {
        // The mismatch a wrong setting produces: the listener refuses HTTP/1.1 probes, so the replica leaves the rotation
        // and clients get the gateway's 503 instead of whatever the listener answers to an HTTP/1.1 request.
        await using var upstream = await FakeUpstream.StartAsync("catalog-a", http2Only: true);
        await using var gateway = await TestGateway.StartAsync(new Dictionary<string, string?>(TestGateway.CatalogDestinations(upstream.Address))
        {
            ["Gateway:Upstream:HealthCheckInterval"] = "00:00:00.200",
        });

        await gateway.WaitForActiveHealthAsync("catalog-1", DestinationHealth.Unhealthy);
        Assert.Equal(DestinationHealth.Unhealthy, gateway.Destination("catalog-1").Health.Active);
        using var response = await gateway.Client.GetAsync("/api/catalog/products");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(0, upstream.RequestCount);
    }

    [Fact]
    public async Task Get_ClusterVersionInConfiguration_WinsOverTheGatewayDefault()
    {
        await using var upstream = await FakeUpstream.StartAsync("catalog-a");
        await using var gateway = await TestGateway.StartAsync(new Dictionary<string, string?>(TestGateway.CatalogDestinations(upstream.Address))
        {
            ["Gateway:Upstream:HttpVersion"] = "2",
            [$"ReverseProxy:Clusters:{TestGateway.CatalogCluster}:HttpRequest:Version"] = "1.1",
        });

        using var response = await gateway.Client.GetAsync("/api/catalog/products");

        response.EnsureSuccessStatusCode();
        Assert.Equal("HTTP/1.1", (await FakeUpstream.ReadEchoAsync(response)).Protocol);
    }

    [Theory]
    [InlineData("3")]
    [InlineData("2.0")]
    [InlineData("h2c")]
    public async Task Start_UnsupportedVersion_FailsWithAMessageThatNamesTheSetting(string version)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestGateway.StartAsync(new Dictionary<string, string?>
        {
            ["Gateway:Upstream:HttpVersion"] = version,
        }));

        Assert.Contains("Gateway:Upstream:HttpVersion must be one of 1.1, 2", error.Message, StringComparison.Ordinal);
    }
}

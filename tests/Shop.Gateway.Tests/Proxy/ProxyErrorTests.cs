using System.Net;
using Shop.Gateway.Tests.Infrastructure;

namespace Shop.Gateway.Tests.Proxy;

/// <summary>Forwarding fails; the client must get a problem document that says why, never an empty 5xx.</summary>
public sealed class ProxyErrorTests
{
    [Fact]
    public async Task Get_OnlyReplicaRefusesConnections_Returns502Problem()
    {
        // The startup probe alone does not reach the two consecutive failures needed, so the replica is still in rotation.
        await using var gateway = await TestGateway.StartAsync(TestGateway.CatalogDestinations(TestGateway.UnusedAddress()));

        using var response = await gateway.Client.GetAsync("/api/catalog/products");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadGateway);
        Assert.Equal("/api/catalog/products", problem.GetProperty("instance").GetString());
        Assert.Equal(
            Assert.Single(response.Headers.GetValues("X-Correlation-Id")),
            problem.GetProperty("correlationId").GetString());
    }

    [Fact]
    public async Task Get_NoHealthyReplica_Returns503Problem()
    {
        var settings = TestGateway.CatalogDestinations(TestGateway.UnusedAddress(), TestGateway.UnusedAddress());
        settings["Gateway:Upstream:HealthCheckInterval"] = "00:00:00.100";
        settings["Gateway:Upstream:ConsecutiveFailures"] = "1";
        await using var gateway = await TestGateway.StartAsync(settings);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        HttpResponseMessage response;
        while (true)
        {
            response = await gateway.Client.GetAsync("/api/catalog/products");
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable || DateTime.UtcNow > deadline)
            {
                break;
            }
            Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
            response.Dispose();
            await Task.Delay(50);
        }

        using (response)
        {
            var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
            Assert.Contains("healthy", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Get_UpstreamSlowerThanActivityTimeout_Returns504Problem()
    {
        await using var upstream = await FakeUpstream.StartAsync("catalog-a");
        var settings = TestGateway.CatalogDestinations(upstream.Address);
        settings["Gateway:Upstream:ActivityTimeout"] = "00:00:01";
        await using var gateway = await TestGateway.StartAsync(settings);

        using var response = await gateway.Client.GetAsync(FakeUpstream.SlowPath);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.GatewayTimeout);
        Assert.Contains("catalog", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}

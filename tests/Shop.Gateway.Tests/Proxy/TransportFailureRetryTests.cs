using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Shop.Gateway.Observability;
using Shop.Gateway.Tests.Infrastructure;
using Yarp.ReverseProxy.Model;

namespace Shop.Gateway.Tests.Proxy;

/// <summary>One of two replicas disappears; each test owns its replicas and gateway because it kills one.</summary>
public sealed class TransportFailureRetryTests
{
    [Fact]
    public async Task Get_ReplicaStopped_KeepsSucceedingAndPassiveCheckEjectsIt()
    {
        await using var survivor = await FakeUpstream.StartAsync("catalog-a");
        await using var victim = await FakeUpstream.StartAsync("catalog-b");
        var settings = TestGateway.CatalogDestinations(survivor.Address, victim.Address);
        // Two requests in the window are enough evidence, so the failure shows after a handful of requests.
        settings["Gateway:Upstream:FailureRateMinimalRequests"] = "2";
        await using var gateway = await TestGateway.StartAsync(settings);
        using var retries = new MetricCollector<long>(
            gateway.App.Services.GetRequiredService<IMeterFactory>(), GatewayMetrics.MeterName, GatewayMetrics.RetriesInstrument);
        await WarmUpBothAsync(gateway, victim);

        await victim.StopAsync();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 20; i++)
        {
            using var response = await gateway.Client.GetAsync("/api/catalog/products");
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(DestinationHealth.Unhealthy, gateway.Destination("catalog-2").Health.Passive);
        Assert.NotEqual(DestinationHealth.Unhealthy, gateway.Destination("catalog-1").Health.Passive);
        Assert.True(retries.GetMeasurementSnapshot().EvaluateAsCounter() >= 1);
    }

    [Fact]
    public async Task Head_ReplicaStopped_IsRetriedOnTheOtherReplica()
    {
        await using var survivor = await FakeUpstream.StartAsync("catalog-a");
        await using var victim = await FakeUpstream.StartAsync("catalog-b");
        var settings = TestGateway.CatalogDestinations(survivor.Address, victim.Address);
        // The passive check never ejects here, so the dead replica keeps being picked and every pick must be retried.
        settings["Gateway:Upstream:FailureRateMinimalRequests"] = "1000";
        await using var gateway = await TestGateway.StartAsync(settings);
        await WarmUpBothAsync(gateway, victim);

        await victim.StopAsync();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 20; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Head, "/api/catalog/products");
            using var response = await gateway.Client.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
    }

    [Fact]
    public async Task Post_ReplicaStopped_IsNotRetried()
    {
        await using var survivor = await FakeUpstream.StartAsync("catalog-a");
        await using var victim = await FakeUpstream.StartAsync("catalog-b");
        var settings = TestGateway.CatalogDestinations(survivor.Address, victim.Address);
        settings["Gateway:Upstream:FailureRateMinimalRequests"] = "1000";
        await using var gateway = await TestGateway.StartAsync(settings);
        await WarmUpBothAsync(gateway, victim);

        await victim.StopAsync();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 40 && !statuses.Contains(HttpStatusCode.BadGateway); i++)
        {
            using var content = new StringContent("{}");
            using var response = await gateway.Client.PostAsync("/api/catalog/products", content);
            statuses.Add(response.StatusCode);
        }

        // A POST may have changed state before the connection broke, so the client decides whether to repeat it.
        Assert.Contains(HttpStatusCode.BadGateway, statuses);
    }

    [Fact]
    public async Task Get_ReplicaStopped_ActiveCheckTakesItOutOfRotation()
    {
        await using var survivor = await FakeUpstream.StartAsync("catalog-a");
        await using var victim = await FakeUpstream.StartAsync("catalog-b");
        var settings = TestGateway.CatalogDestinations(survivor.Address, victim.Address);
        settings["Gateway:Upstream:HealthCheckInterval"] = "00:00:00.200";
        settings["Gateway:Upstream:ConsecutiveFailures"] = "1";
        settings["Gateway:Upstream:FailureRateMinimalRequests"] = "1000";
        await using var gateway = await TestGateway.StartAsync(settings);

        await victim.StopAsync();
        await gateway.WaitForActiveHealthAsync("catalog-2", DestinationHealth.Unhealthy);
        using var retries = new MetricCollector<long>(
            gateway.App.Services.GetRequiredService<IMeterFactory>(), GatewayMetrics.MeterName, GatewayMetrics.RetriesInstrument);
        for (var i = 0; i < 10; i++)
        {
            using var response = await gateway.Client.GetAsync("/api/catalog/products");
            Assert.Equal("catalog-a", (await FakeUpstream.ReadEchoAsync(response)).Upstream);
        }

        Assert.Equal(DestinationHealth.Unhealthy, gateway.Destination("catalog-2").Health.Active);
        Assert.Empty(retries.GetMeasurementSnapshot());
    }

    /// <summary>Makes sure the gateway holds pooled connections to the victim, as it would under steady traffic.</summary>
    private static async Task WarmUpBothAsync(TestGateway gateway, FakeUpstream victim)
    {
        for (var i = 0; i < 40 && victim.RequestCount == 0; i++)
        {
            using var response = await gateway.Client.GetAsync("/api/catalog/products");
            response.EnsureSuccessStatusCode();
        }
        Assert.True(victim.RequestCount > 0);
    }
}

using System.Net;
using Shop.Gateway.Tests.Infrastructure;
using Shop.ServiceDefaults.Observability;

namespace Shop.Gateway.Tests.Proxy;

public sealed class RoutingTests(TwoReplicaGateway fixture) : IClassFixture<TwoReplicaGateway>
{
    private const string CorrelationHeader = "X-Correlation-Id";

    [Fact]
    public async Task Get_CatalogRoute_ForwardsPathAndQueryToUpstream()
    {
        using var response = await fixture.Client.GetAsync("/api/catalog/products?page=2&size=10");

        response.EnsureSuccessStatusCode();
        var echo = await FakeUpstream.ReadEchoAsync(response);
        Assert.Equal("/api/catalog/products?page=2&size=10", echo.PathAndQuery);
    }

    [Fact]
    public async Task Get_TwoHealthyReplicas_SpreadsRequestsAcrossBoth()
    {
        var answeredBy = new HashSet<string>();
        for (var i = 0; i < 40 && answeredBy.Count < 2; i++)
        {
            using var response = await fixture.Client.GetAsync("/api/catalog/products");
            response.EnsureSuccessStatusCode();
            answeredBy.Add((await FakeUpstream.ReadEchoAsync(response)).Upstream);
        }

        Assert.Equal(["catalog-a", "catalog-b"], answeredBy.Order());
    }

    [Fact]
    public async Task Get_WithoutCorrelationId_GeneratesOneEchoesAndForwardsIt()
    {
        using var response = await fixture.Client.GetAsync("/api/catalog/products");

        response.EnsureSuccessStatusCode();
        var echoed = Assert.Single(response.Headers.GetValues(CorrelationHeader));
        Assert.Matches("^[0-9a-f]{32}$", echoed);
        Assert.Equal(echoed, (await FakeUpstream.ReadEchoAsync(response)).CorrelationId);
    }

    [Fact]
    public async Task Get_WithCorrelationId_EchoesAndForwardsTheSameId()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/catalog/products");
        request.Headers.Add(CorrelationHeader, "checkout-42.retry_1");

        using var response = await fixture.Client.SendAsync(request);

        response.EnsureSuccessStatusCode();
        Assert.Equal("checkout-42.retry_1", Assert.Single(response.Headers.GetValues(CorrelationHeader)));
        Assert.Equal("checkout-42.retry_1", (await FakeUpstream.ReadEchoAsync(response)).CorrelationId);
    }

    [Fact]
    public async Task Get_UnknownRoute_Returns404Problem()
    {
        using var response = await fixture.Client.GetAsync("/api/unknown/thing");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("/api/unknown/thing", problem.GetProperty("instance").GetString());
        Assert.True(response.Headers.Contains(CorrelationHeader));
    }

    [Fact]
    public async Task Get_HealthAndMetrics_AreServedByTheGatewayItself()
    {
        using var live = await fixture.Client.GetAsync("/health/live");
        using var ready = await fixture.Client.GetAsync("/health/ready");
        using var metrics = await fixture.Client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
    }

    [Fact]
    public async Task Metrics_AfterProxiedRequests_ExportTheChartedInstrumentsAndNotTheUncollectedOnes()
    {
        using var proxied = await fixture.Client.GetAsync("/api/catalog/products");
        proxied.EnsureSuccessStatusCode();

        // The exporter caches its answer briefly; the request shows up in a later scrape.
        var metrics = await fixture.Client.GetStringAsync("/metrics");
        for (var scrape = 0; scrape < 50 && !metrics.Contains("http_client_request_duration_seconds_bucket{", StringComparison.Ordinal); scrape++)
        {
            await Task.Delay(200);
            metrics = await fixture.Client.GetStringAsync("/metrics");
        }

        Assert.Contains("http_client_request_duration_seconds_bucket{", metrics, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds_bucket{", metrics, StringComparison.Ordinal);
        Assert.Contains("aspnetcore_rate_limiting_requests_total{", metrics, StringComparison.Ordinal);
        foreach (var instrument in Telemetry.UncollectedInstruments)
        {
            Assert.DoesNotContain(instrument.Replace('.', '_'), metrics, StringComparison.Ordinal);
        }
    }
}

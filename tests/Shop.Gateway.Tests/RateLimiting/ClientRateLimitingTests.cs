using System.Net;
using Shop.Gateway.Tests.Infrastructure;

namespace Shop.Gateway.Tests.RateLimiting;

/// <summary>
/// One permit per second and a burst of two. Each test spends the budget of its own client (a distinct token subject);
/// only one test uses the anonymous, per-address budget.
/// </summary>
public sealed class ClientRateLimitingTests(ClientRateLimitingTests.StrictGateway fixture)
    : IClassFixture<ClientRateLimitingTests.StrictGateway>
{
    [Fact]
    public async Task Get_AnonymousOverBurst_Returns429ProblemWithRetryAfter()
    {
        var responses = await SendAsync(count: 10, subject: null);

        var rejected = responses.FirstOrDefault(response => response.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.NotNull(rejected);
        await ProblemAssert.IsProblemAsync(rejected, HttpStatusCode.TooManyRequests);
        Assert.True(int.Parse(Assert.Single(rejected.Headers.GetValues("Retry-After"))) >= 1);
        Assert.Equal(HttpStatusCode.OK, responses[0].StatusCode);
        responses.ForEach(response => response.Dispose());
    }

    [Fact]
    public async Task Get_DifferentBuyers_HaveSeparateBudgets()
    {
        var first = await SendAsync(count: 10, subject: "buyer-one");
        var second = await SendAsync(count: 1, subject: "buyer-two");

        Assert.Contains(first, response => response.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.Equal(HttpStatusCode.OK, Assert.Single(second).StatusCode);
        first.Concat(second).ToList().ForEach(response => response.Dispose());
    }

    [Fact]
    public async Task Get_HealthAndMetricsAfterBudgetSpent_AreNeverLimited()
    {
        var spent = await SendAsync(count: 10, subject: "health-watcher");
        Assert.Contains(spent, response => response.StatusCode == HttpStatusCode.TooManyRequests);

        for (var i = 0; i < 10; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, i % 2 == 0 ? "/health/ready" : "/metrics");
            request.Headers.Authorization = TestTokens.BearerFor("health-watcher");
            using var response = await fixture.Gateway.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        spent.ForEach(response => response.Dispose());
    }

    private async Task<List<HttpResponseMessage>> SendAsync(int count, string? subject)
    {
        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < count; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/catalog/products");
            if (subject is not null)
            {
                request.Headers.Authorization = TestTokens.BearerFor(subject);
            }
            responses.Add(await fixture.Gateway.Client.SendAsync(request));
        }
        return responses;
    }

    public sealed class StrictGateway : IAsyncLifetime
    {
        private FakeUpstream _upstream = null!;

        public TestGateway Gateway { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            _upstream = await FakeUpstream.StartAsync("catalog-a");
            var settings = TestGateway.CatalogDestinations(_upstream.Address);
            settings["Gateway:RateLimit:PermitsPerSecond"] = "1";
            settings["Gateway:RateLimit:Burst"] = "2";
            Gateway = await TestGateway.StartAsync(settings);
        }

        public async Task DisposeAsync()
        {
            await Gateway.DisposeAsync();
            await _upstream.DisposeAsync();
        }
    }
}

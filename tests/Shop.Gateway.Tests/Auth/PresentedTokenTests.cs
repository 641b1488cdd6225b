using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.Tokens;
using Shop.Gateway.Auth;
using Shop.Gateway.Tests.Infrastructure;

namespace Shop.Gateway.Tests.Auth;

/// <summary>
/// Which rate-limit budget a request is counted against, depending on the token it presents. Every test runs its own
/// strict gateway (one permit per second, a burst of two): a token that is not accepted spends the address's budget,
/// which would leak into any other test of the same gateway.
/// </summary>
public sealed class PresentedTokenTests
{
    private const int Requests = 10;

    [Fact]
    public async Task Get_ValidTokensForNewSubjects_EachGetTheirOwnBudget()
    {
        await using var gateway = await StrictGateway.StartAsync();

        var statuses = await gateway.SendAsync(i => TestTokens.BearerFor($"valid-{i}"));

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
    }

    [Fact]
    public async Task Get_ForgedTokensForNewSubjects_ShareTheAddressBudget()
    {
        var forgedKey = new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32));
        await using var gateway = await StrictGateway.StartAsync();

        var statuses = await gateway.SendAsync(i => TestTokens.BearerFor($"forged-{i}", key: forgedKey));

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }

    [Fact]
    public async Task Get_ExpiredTokensForNewSubjects_ShareTheAddressBudget()
    {
        await using var gateway = await StrictGateway.StartAsync();

        var statuses = await gateway.SendAsync(i => TestTokens.BearerFor($"expired-{i}", expires: DateTime.UtcNow.AddMinutes(-5)));

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }

    [Fact]
    public async Task Get_WithAnAuthority_TrustsItsPublishedKeysAndNoLongerTheDemoKey()
    {
        await using var provider = await FakeOpenIdProvider.StartAsync();
        await using var gateway = await StrictGateway.StartAsync(new()
        {
            ["Auth:Authority"] = provider.Authority,
            ["Gateway:DemoIssuer:Enabled"] = "false",
        });

        var fromProvider = await gateway.SendAsync(i => provider.BearerFor($"oidc-{i}"));
        var discoveriesForValidTokens = provider.DiscoveryRequests;
        var demoKeyed = await gateway.SendAsync(i => TestTokens.BearerFor($"demo-{i}"));

        Assert.All(fromProvider, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Contains(HttpStatusCode.TooManyRequests, demoKeyed);
        // The provider's keys are fetched once and cached; a token signed with a key it does not publish may trigger one
        // refresh (the provider might have rotated its keys), not one per request.
        Assert.Equal(1, discoveriesForValidTokens);
        Assert.InRange(provider.DiscoveryRequests, 1, 2);
    }

    [Theory]
    [InlineData("Bearer abc.def.ghi", "abc.def.ghi")]
    [InlineData("bearer   abc.def.ghi  ", "abc.def.ghi")]
    [InlineData("Basic YWxpY2U6c2VjcmV0", null)]
    [InlineData("Bearer ", null)]
    [InlineData("Bearerabc", null)]
    public void PresentedToken_ReadsOnlyABearerCredential(string authorization, string? expected)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Authorization = authorization;

        Assert.Equal(expected, PresentedTokenValidator.PresentedToken(context.Request));
    }

    [Fact]
    public void PresentedToken_WithoutHeaderOrWithTwo_IsNone()
    {
        var context = new DefaultHttpContext();
        Assert.Null(PresentedTokenValidator.PresentedToken(context.Request));

        context.Request.Headers.Authorization = new(["Bearer one", "Bearer two"]);
        Assert.Null(PresentedTokenValidator.PresentedToken(context.Request));
    }

    private sealed class StrictGateway : IAsyncDisposable
    {
        private readonly FakeUpstream _upstream;
        private readonly TestGateway _gateway;

        private StrictGateway(FakeUpstream upstream, TestGateway gateway)
        {
            _upstream = upstream;
            _gateway = gateway;
        }

        public static async Task<StrictGateway> StartAsync(Dictionary<string, string?>? extraSettings = null)
        {
            var upstream = await FakeUpstream.StartAsync("catalog-a");
            var settings = TestGateway.CatalogDestinations(upstream.Address);
            settings["Gateway:RateLimit:PermitsPerSecond"] = "1";
            settings["Gateway:RateLimit:Burst"] = "2";
            foreach (var (key, value) in extraSettings ?? [])
            {
                settings[key] = value;
            }
            return new StrictGateway(upstream, await TestGateway.StartAsync(settings));
        }

        /// <summary>Sends <see cref="Requests"/> catalog requests one after another, the i-th with the i-th token.</summary>
        public async Task<List<HttpStatusCode>> SendAsync(Func<int, AuthenticationHeaderValue> tokenFor)
        {
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < Requests; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/api/catalog/products");
                request.Headers.Authorization = tokenFor(i);
                using var response = await _gateway.Client.SendAsync(request);
                statuses.Add(response.StatusCode);
            }
            return statuses;
        }

        public async ValueTask DisposeAsync()
        {
            await _gateway.DisposeAsync();
            await _upstream.DisposeAsync();
        }
    }
}

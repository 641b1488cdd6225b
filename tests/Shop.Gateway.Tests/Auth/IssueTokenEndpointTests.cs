using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Shop.Gateway.Auth;
using Shop.Gateway.Tests.Infrastructure;

namespace Shop.Gateway.Tests.Auth;

public sealed class IssueTokenEndpointTests(IssueTokenEndpointTests.GatewayWithAdminKey fixture)
    : IClassFixture<IssueTokenEndpointTests.GatewayWithAdminKey>
{
    private const string AdminKey = "correct-horse-battery-staple";

    [Fact]
    public async Task Post_BuyerId_IssuesBuyerTokenValidForTheServices()
    {
        using var response = await fixture.Gateway.Client.PostAsJsonAsync(IssueTokenEndpoint.Path, new { buyerId = "alice@example.com" });

        response.EnsureSuccessStatusCode();
        var issued = await response.Content.ReadFromJsonAsync<TokenResponse>();
        Assert.NotNull(issued);
        Assert.Equal("Bearer", issued.TokenType);
        Assert.Equal(3600, issued.ExpiresIn);
        var validation = await TestTokens.ValidateAsync(issued.AccessToken);
        Assert.True(validation.IsValid, validation.Exception?.Message);
        var token = (JsonWebToken)validation.SecurityToken;
        Assert.Equal("alice@example.com", token.Subject);
        Assert.Equal(["buyer"], token.Claims.Where(claim => claim.Type == "role").Select(claim => claim.Value));
        Assert.Equal(TimeSpan.FromHours(1), token.ValidTo - token.IssuedAt);
    }

    [Fact]
    public async Task Post_MatchingAdminKey_IssuesTokenWithAdminRole()
    {
        using var response = await fixture.Gateway.Client.PostAsJsonAsync(IssueTokenEndpoint.Path, new { buyerId = "ops", adminKey = AdminKey });

        response.EnsureSuccessStatusCode();
        var issued = await response.Content.ReadFromJsonAsync<TokenResponse>();
        var validation = await TestTokens.ValidateAsync(issued!.AccessToken);
        Assert.True(validation.IsValid);
        var roles = ((JsonWebToken)validation.SecurityToken).Claims.Where(claim => claim.Type == "role").Select(claim => claim.Value);
        Assert.Equal(["admin", "buyer"], roles.Order());
    }

    [Fact]
    public async Task Post_WrongAdminKey_Returns403ProblemAndNoToken()
    {
        using var response = await fixture.Gateway.Client.PostAsJsonAsync(IssueTokenEndpoint.Path, new { buyerId = "mallory", adminKey = "guess" });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.False(problem.TryGetProperty("accessToken", out _));
        Assert.Contains("No token was issued", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("ümlaut")]
    [InlineData("semi;colon")]
    [InlineData("a123456789b123456789c123456789d123456789e123456789f123456789g1234")]
    public async Task Post_InvalidBuyerId_Returns400ValidationProblem(string buyerId)
    {
        using var response = await fixture.Gateway.Client.PostAsJsonAsync(IssueTokenEndpoint.Path, new { buyerId });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("buyerId", out _));
    }

    [Fact]
    public async Task Post_MissingBuyerId_Returns400ValidationProblem()
    {
        using var response = await fixture.Gateway.Client.PostAsJsonAsync(IssueTokenEndpoint.Path, new { adminKey = AdminKey });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("buyerId", out _));
    }

    [Fact]
    public async Task Post_LongestValidBuyerId_IssuesToken()
    {
        var buyerId = new string('b', 60) + "_.@-";

        using var response = await fixture.Gateway.Client.PostAsJsonAsync(IssueTokenEndpoint.Path, new { buyerId });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("{\"buyerId\":")]
    [InlineData("not json at all")]
    [InlineData("{\"buyerId\": 42}")]
    public async Task Post_MalformedJson_Returns400Problem(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        using var response = await fixture.Gateway.Client.PostAsync(IssueTokenEndpoint.Path, content);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Post_TokenIssued_IsCountedInMetrics()
    {
        using var issued = await fixture.Gateway.Client.PostAsJsonAsync(IssueTokenEndpoint.Path, new { buyerId = "counted" });
        issued.EnsureSuccessStatusCode();

        var metrics = await fixture.Gateway.Client.GetStringAsync("/metrics");

        Assert.Contains("shop_gateway_tokens_issued_total", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_NoAdminKeyConfigured_RefusesAdminAndIssuesBuyerTokensOnly()
    {
        await using var gateway = await TestGateway.StartAsync(new Dictionary<string, string?>());

        using var admin = await gateway.Client.PostAsJsonAsync(IssueTokenEndpoint.Path, new { buyerId = "ops", adminKey = "anything" });
        using var buyer = await gateway.Client.PostAsJsonAsync(IssueTokenEndpoint.Path, new { buyerId = "ops" });

        var problem = await ProblemAssert.IsProblemAsync(admin, HttpStatusCode.Forbidden);
        Assert.Contains("Auth:AdminKey", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        buyer.EnsureSuccessStatusCode();
        var token = await buyer.Content.ReadFromJsonAsync<TokenResponse>();
        var roles = new JsonWebToken(token!.AccessToken).Claims.Where(claim => claim.Type == "role").Select(claim => claim.Value);
        Assert.Equal(["buyer"], roles);
    }

    [Fact]
    public async Task Post_DemoIssuerDisabled_Returns404Problem()
    {
        await using var gateway = await TestGateway.StartAsync(new Dictionary<string, string?> { ["Gateway:DemoIssuer:Enabled"] = "false" });

        using var response = await gateway.Client.PostAsJsonAsync(IssueTokenEndpoint.Path, new { buyerId = "alice" });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    public sealed class GatewayWithAdminKey : IAsyncLifetime
    {
        public TestGateway Gateway { get; private set; } = null!;

        public async Task InitializeAsync() =>
            Gateway = await TestGateway.StartAsync(new Dictionary<string, string?>
            {
                ["Auth:AdminKey"] = AdminKey,
                ["Auth:TokenLifetime"] = "01:00:00",
            });

        public Task DisposeAsync() => Gateway.DisposeAsync().AsTask();
    }
}

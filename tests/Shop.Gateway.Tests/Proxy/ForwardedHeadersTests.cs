using Shop.Gateway.Tests.Infrastructure;

namespace Shop.Gateway.Tests.Proxy;

/// <summary><c>Gateway:Upstream:ForwardedHeaders</c>: what the services learn about the client, and that a client cannot choose it.</summary>
public sealed class ForwardedHeadersTests
{
    [Fact]
    public async Task Get_ByDefault_ForwardsNoXForwardedHeadersEvenWhenTheClientSendsThem()
    {
        var echo = await SendWithSpoofedHeadersAsync(forwardedHeaders: null);

        Assert.Null(echo.ForwardedFor);
        Assert.Null(echo.ForwardedHost);
    }

    [Fact]
    public async Task Get_WithForwardedHeadersOn_ForwardsTheRealClientAddressNotTheSpoofedOne()
    {
        var echo = await SendWithSpoofedHeadersAsync(forwardedHeaders: "true");

        Assert.Equal("127.0.0.1", echo.ForwardedFor);
        Assert.StartsWith("127.0.0.1:", echo.ForwardedHost);
    }

    private static async Task<UpstreamEcho> SendWithSpoofedHeadersAsync(string? forwardedHeaders)
    {
        await using var upstream = await FakeUpstream.StartAsync("catalog-a");
        var settings = TestGateway.CatalogDestinations(upstream.Address);
        if (forwardedHeaders is not null)
        {
            settings["Gateway:Upstream:ForwardedHeaders"] = forwardedHeaders;
        }
        await using var gateway = await TestGateway.StartAsync(settings);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/catalog/products");
        request.Headers.Add("X-Forwarded-For", "203.0.113.66");
        request.Headers.Add("X-Forwarded-Host", "spoofed.example");
        using var response = await gateway.Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await FakeUpstream.ReadEchoAsync(response);
    }
}

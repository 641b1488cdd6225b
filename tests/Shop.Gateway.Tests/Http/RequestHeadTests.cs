using Shop.Gateway.Tests.Infrastructure;
using Shop.ServiceDefaults.Http;
using Shop.Testing;
using RawProblemAssert = Shop.Testing.ProblemAssert;

namespace Shop.Gateway.Tests.Http;

/// <summary>
/// What the gateway does with a malformed or oversized request head, sent byte for byte as a broken client would: a
/// problem document before anything is forwarded, where the request reaches the pipeline; Kestrel's bare answer where
/// it does not (README, API: errors).
/// </summary>
public sealed class RequestHeadTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);

    public static TheoryData<string> UpstreamVersions => ["1.1", "2"];

    public static TheoryData<string, string, byte[]> UnforwardableHeaders => new()
    {
        // UTF-8 é: Kestrel decoded it, the proxy's HTTP client refused to send it, and the client got a 502.
        { "2", "Idempotency-Key", [0xC3, 0xA9] },
        { "1.1", "Idempotency-Key", [0xC3, 0xA9] },
        // Latin-1 é, not UTF-8: Kestrel refused it with a bare 400 before the pipeline.
        { "2", "Idempotency-Key", [0xE9] },
        { "2", "Authorization", [.. "Bearer "u8, 0xC3, 0xA9] },
        { "2", "User-Agent", [.. "caf"u8, 0xC3, 0xA9] },
        { "2", "Cookie", [0xFF] },
        // Control characters: forwarded as they came, though RFC 9110 allows none but HTAB.
        { "2", "Idempotency-Key", [.. "key"u8, 0x01] },
        { "2", "Accept", [0x7F] },
        { "1.1", "X-Anything", [0x1B, .. "[31m"u8] },
    };

    [Theory]
    [MemberData(nameof(UnforwardableHeaders))]
    public async Task Forward_HeaderValueOutsideVisibleAscii_Returns400ProblemNamingItAndForwardsNothing(string version, string header, byte[] value)
    {
        await using var edge = await GatewayInFrontOfAService.StartAsync(version);

        var response = await edge.SendAsync(new RawHttpRequest("POST", "/api/catalog/products").WithHeader(header, value));

        RawProblemAssert.IsValidationProblem(response, header);
        Assert.Equal(0, edge.Upstream.RequestCount);
    }

    [Theory]
    [InlineData("X-F(1)")]
    [InlineData("X-F@")]
    [InlineData("X-F[]")]
    public async Task Forward_HeaderNameNotAToken_Returns400ProblemNamingIt(string name)
    {
        await using var edge = await GatewayInFrontOfAService.StartAsync("2");

        var response = await edge.SendAsync(new RawHttpRequest("GET", "/api/catalog/products").WithHeader(name, "1"));

        RawProblemAssert.IsValidationProblem(response, name);
        Assert.Equal(0, edge.Upstream.RequestCount);
    }

    [Theory]
    [MemberData(nameof(UpstreamVersions))]
    public async Task Forward_VisibleAsciiSpacesAndTabs_ReachTheService(string version)
    {
        await using var edge = await GatewayInFrontOfAService.StartAsync(version);

        var response = await edge.SendAsync(new RawHttpRequest("GET", "/api/catalog/products")
            .WithHeader("X-Anything", "a\tb c ~!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}")
            .WithHeader("X-Empty", ""));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(1, edge.Upstream.RequestCount);
    }

    [Theory]
    [MemberData(nameof(UpstreamVersions))]
    public async Task Forward_TargetOverTheLimit_Returns414Problem(string version)
    {
        await using var edge = await GatewayInFrontOfAService.StartAsync(version);
        var path = "/api/catalog/products/" + new string('a', RequestHeadLimits.MaxTargetLength);

        var response = await edge.SendAsync(new RawHttpRequest("GET", path));

        RawProblemAssert.IsProblem(response, 414);
        Assert.Equal(0, edge.Upstream.RequestCount);
    }

    [Theory]
    [MemberData(nameof(UpstreamVersions))]
    public async Task Forward_HeadersOverTheLimit_Return431Problem(string version)
    {
        await using var edge = await GatewayInFrontOfAService.StartAsync(version);
        var large = await edge.SendAsync(new RawHttpRequest("GET", "/api/catalog/products")
            .WithHeader("X-Large", new string('a', RequestHeadLimits.MaxHeadersTotalSize)));
        var numerous = await edge.SendAsync(ServerRejections.ManyHeaders(RequestHeadLimits.MaxHeaderCount));

        RawProblemAssert.IsProblem(large, 431);
        RawProblemAssert.IsProblem(numerous, 431);
        Assert.Equal(0, edge.Upstream.RequestCount);
    }

    /// <summary>
    /// The largest heads the gateway accepts reach the service: the gateway writes a raw <c>"</c> as <c>%22</c> (three
    /// times the length) and adds a correlation id, and with Kestrel's default limits the service refused the result,
    /// over HTTP/2 as a reset stream the client saw as a 502.
    /// </summary>
    [Theory]
    [MemberData(nameof(UpstreamVersions))]
    public async Task Forward_HeadAtTheLimitsThatForwardingLengthens_ReachesTheService(string version)
    {
        await using var edge = await GatewayInFrontOfAService.StartAsync(version);
        var quotes = new string('"', RequestHeadLimits.MaxTargetLength - 100);

        var longPath = await edge.SendAsync(new RawHttpRequest("GET", "/api/catalog/" + quotes));
        var longQuery = await edge.SendAsync(new RawHttpRequest("GET", "/api/catalog/products?q=" + quotes));
        var largeHeaders = await edge.SendAsync(new RawHttpRequest("GET", "/api/catalog/products")
            .WithHeader("X-Large", new string('a', RequestHeadLimits.MaxHeadersTotalSize - 200)));

        Assert.Equal((200, 200, 200), (longPath.StatusCode, longQuery.StatusCode, largeHeaders.StatusCode));
        Assert.Equal(3, edge.Upstream.RequestCount);
    }

    public static TheoryData<string> DocumentedServerRejections => [.. ServerRejections.Documented.Select(rejection => rejection.What)];

    /// <summary>Where Kestrel refuses a request before the pipeline, the gateway cannot answer a problem document: pinned as documented.</summary>
    [Theory]
    [MemberData(nameof(DocumentedServerRejections))]
    public async Task Request_RefusedByKestrelWhileParsing_GetsItsBareStatus(string what)
    {
        var (_, request, status) = ServerRejections.Documented.Single(rejection => rejection.What == what);
        await using var edge = await GatewayInFrontOfAService.StartAsync("2");

        var response = await edge.SendAsync(request());

        RawProblemAssert.IsServerRejection(response, status);
        Assert.Equal(0, edge.Upstream.RequestCount);
    }

    /// <summary>The gateway in front of one fake service, spoken to over HTTP/1.1 or HTTP/2 as <c>version</c> says.</summary>
    private sealed class GatewayInFrontOfAService(FakeUpstream upstream, TestGateway gateway) : IAsyncDisposable
    {
        public FakeUpstream Upstream => upstream;

        public static async Task<GatewayInFrontOfAService> StartAsync(string version)
        {
            var upstream = await FakeUpstream.StartAsync("catalog-a", http2Only: version == "2");
            var gateway = await TestGateway.StartAsync(new Dictionary<string, string?>(TestGateway.CatalogDestinations(upstream.Address))
            {
                ["Gateway:Upstream:HttpVersion"] = version,
            });
            return new GatewayInFrontOfAService(upstream, gateway);
        }

        public Task<RawHttpResponse> SendAsync(RawHttpRequest request) =>
            RawHttp.SendAsync(new Uri(gateway.App.Urls.Single()), request, s_timeout);

        public async ValueTask DisposeAsync()
        {
            await gateway.DisposeAsync();
            await upstream.DisposeAsync();
        }
    }
}

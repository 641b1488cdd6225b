using System.Net;
using System.Net.Http.Headers;
using Shop.Gateway.Tests.Infrastructure;

namespace Shop.Gateway.Tests.Http;

/// <summary>The gateway's body limit is the default 64 KiB (<c>Shop:MaxRequestBodyBytes</c>).</summary>
public sealed class RequestBodyLimitTests(TwoReplicaGateway fixture) : IClassFixture<TwoReplicaGateway>
{
    private const int Limit = 64 * 1024;

    [Fact]
    public async Task Post_BodyWithinLimit_IsForwarded()
    {
        using var content = new ByteArrayContent(new byte[1024]);

        using var response = await fixture.Client.PostAsync("/api/catalog/products", content);

        response.EnsureSuccessStatusCode();
        Assert.Equal(1024, (await FakeUpstream.ReadEchoAsync(response)).BodyLength);
    }

    [Fact]
    public async Task Post_ContentLengthOverLimit_Returns413ProblemWithoutForwarding()
    {
        var forwardedBefore = fixture.First.RequestCount + fixture.Second.RequestCount;
        using var content = new ByteArrayContent(new byte[Limit + 1]);

        using var response = await fixture.Client.PostAsync("/api/catalog/products", content);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("65536", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(forwardedBefore, fixture.First.RequestCount + fixture.Second.RequestCount);
    }

    [Fact]
    public async Task Post_ChunkedBodyOverLimit_Returns413Problem()
    {
        using var content = new UnknownLengthContent(new byte[2 * Limit]);

        using var response = await fixture.Client.PostAsync("/api/catalog/products", content);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("65536", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_ChunkedBodyWithinLimit_IsForwarded()
    {
        using var content = new UnknownLengthContent(new byte[Limit / 2]);

        using var response = await fixture.Client.PostAsync("/api/catalog/products", content);

        response.EnsureSuccessStatusCode();
        Assert.Equal(Limit / 2, (await FakeUpstream.ReadEchoAsync(response)).BodyLength);
    }

    [Fact]
    public async Task Post_TokenEndpointOverLimit_Returns413Problem()
    {
        using var content = new ByteArrayContent(new byte[Limit + 1]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await fixture.Client.PostAsync("/api/auth/token", content);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    /// <summary>A body sent with <c>Transfer-Encoding: chunked</c>: its length is unknown until the last chunk.</summary>
    private sealed class UnknownLengthContent(byte[] body) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (var offset = 0; offset < body.Length; offset += 8 * 1024)
            {
                await stream.WriteAsync(body.AsMemory(offset, Math.Min(8 * 1024, body.Length - offset)));
                await stream.FlushAsync();
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}

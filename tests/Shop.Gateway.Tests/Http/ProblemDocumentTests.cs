using Shop.Gateway.Tests.Infrastructure;
using Shop.Testing;
using RawProblemAssert = Shop.Testing.ProblemAssert;

namespace Shop.Gateway.Tests.Http;

/// <summary>
/// Every error is a problem document, whatever the client says it accepts and whatever charset it says its body is in:
/// ASP.NET Core's writer declined a client that accepts no JSON (an empty 500 where the gateway asked for a 413), and
/// its JSON reader threw on an unknown charset (a 500).
/// </summary>
public sealed class ProblemDocumentTests(TwoReplicaGateway fixture) : IClassFixture<TwoReplicaGateway>
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData("text/html")]
    [InlineData("image/png, text/*;q=0.5")]
    [InlineData("../../etc/passwd")]
    public async Task Errors_ClientAcceptsNoJson_AreProblemDocumentsStill(string accept)
    {
        var notFound = await SendAsync(new RawHttpRequest("GET", "/api/nothing-here").WithHeader("Accept", accept));
        var tooLarge = await SendAsync(new RawHttpRequest("POST", "/api/catalog/products")
            .WithHeader("Accept", accept)
            .WithBody(new byte[70 * 1024], "application/octet-stream"));
        var malformedHeader = await SendAsync(new RawHttpRequest("GET", "/api/catalog/products")
            .WithHeader("Accept", accept)
            .WithHeader("X-Anything", [0x01]));

        RawProblemAssert.IsProblem(notFound, 404);
        RawProblemAssert.IsProblem(tooLarge, 413);
        RawProblemAssert.IsValidationProblem(malformedHeader, "X-Anything");
    }

    [Theory]
    [InlineData("application/json; charset=no-such-charset")]
    [InlineData("application/json; charset=")]
    [InlineData("application/json; charset=\"utf-8\"")]
    public async Task IssueToken_BodyInACharsetNobodyReads_Returns415Problem(string contentType)
    {
        var response = await SendAsync(new RawHttpRequest("POST", "/api/auth/token").WithBody("{\"buyerId\":\"b-1\"}"u8.ToArray(), contentType));

        RawProblemAssert.IsProblem(response, 415);
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/json; charset=UTF-8")]
    [InlineData("application/json; charset=utf-16")]
    public async Task IssueToken_BodyInACharsetItReads_IssuesOrRefusesTheToken(string contentType)
    {
        var response = await SendAsync(new RawHttpRequest("POST", "/api/auth/token").WithBody("{\"buyerId\":\"b-1\"}"u8.ToArray(), contentType));

        Assert.True(response.StatusCode is 200 or 400, response.ToString());
        if (response.StatusCode == 400)
        {
            RawProblemAssert.IsProblem(response, 400);
        }
    }

    private Task<RawHttpResponse> SendAsync(RawHttpRequest request) =>
        RawHttp.SendAsync(fixture.Client.BaseAddress!, request, s_timeout);
}

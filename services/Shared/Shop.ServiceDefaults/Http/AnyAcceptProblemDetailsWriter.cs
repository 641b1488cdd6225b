using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace Shop.ServiceDefaults.Http;

/// <summary>
/// Writes the problem document of a request whose <c>Accept</c> header names no JSON type (<c>text/html</c>, say),
/// which ASP.NET Core's own writer declines. Shop answers JSON whatever a client accepts (RFC 9110 lets a server
/// disregard <c>Accept</c>), and without this its errors were an empty body or plain text, and where a component asks
/// for the problem to be written (the gateway's 413 and 429, say) an exception and an empty 500.
/// </summary>
/// <remarks>
/// ASP.NET Core tries the registered writers before its own, so this one takes only what its own would decline, and
/// hands that to it with the <c>Accept</c> header out of the way: the same document, defaults and customization.
/// </remarks>
internal sealed class AnyAcceptProblemDetailsWriter : IProblemDetailsWriter
{
    private static readonly MediaTypeHeaderValue s_json = new("application/json");
    private static readonly MediaTypeHeaderValue s_problemJson = new("application/problem+json");

    public bool CanWrite(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var accepted = context.HttpContext.Request.GetTypedHeaders().Accept;
        return accepted.Count > 0 && !accepted.Any(type => s_json.IsSubsetOf(type) || s_problemJson.IsSubsetOf(type));
    }

    public async ValueTask WriteAsync(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var headers = context.HttpContext.Request.Headers;
        var accept = headers.Accept;
        headers.Accept = default;
        try
        {
            await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(context);
        }
        finally
        {
            headers.Accept = accept;
        }
    }
}

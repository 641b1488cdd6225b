using System.Globalization;
using Microsoft.AspNetCore.Http.Features;

namespace Shop.Gateway.Http;

/// <summary>The wording of a 413, shared by the up-front check and the mid-stream one so clients see one message.</summary>
internal static class RequestBodyLimit
{
    public static string Describe(long limit) =>
        string.Create(CultureInfo.InvariantCulture, $"The request body is larger than the {limit} bytes this gateway accepts.");

    /// <summary>
    /// The body is left unread, so the connection cannot carry another request; saying so lets an HTTP/1.1 client open
    /// a fresh one instead of sending its next request into a connection the server is about to close.
    /// HTTP/2 and later streams are independent and have no such header.
    /// </summary>
    public static void CloseConnectionAfterResponse(HttpContext context)
    {
        if (HttpProtocol.IsHttp11(context.Request.Protocol) || HttpProtocol.IsHttp10(context.Request.Protocol))
        {
            context.Response.Headers.Connection = "close";
        }
    }

    /// <summary>The limit in force for this request, if any (null when the server has none, as in-memory test servers).</summary>
    public static long? For(HttpContext context) => context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
}

using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Shop.ServiceDefaults.Http;

/// <summary>
/// How long a request's head (its target and headers) may be, in two tiers. The <c>Max…</c> limits are Shop's: every
/// host checks them in its pipeline (<see cref="RequestHeadValidationMiddleware"/>) and answers a problem document,
/// 414 or 431, like every other error. Kestrel checks its own limits while it parses the request, before any middleware
/// runs, and can then only answer a bare status; so they are set well above Shop's (<c>Server…</c>) and only a request
/// far beyond Shop's limits meets them.
/// </summary>
/// <remarks>
/// Kestrel's limits are also what a service accepts from the gateway, which forwards a request a little larger than it
/// received it: it may write a request target up to three times as long (it percent-encodes characters such as <c>"</c>
/// that clients send raw), adds a correlation id, and over HTTP/2 every header costs 32 bytes more and the target counts
/// as a header. With Kestrel's defaults (8 KiB request line, 32 KiB and 100 headers) a request within Shop's limits
/// failed in the service, and the client got the gateway's 502.
/// </remarks>
public static class RequestHeadLimits
{
    /// <summary>The request target (path and query, as sent) in characters; longer is a 414 problem.</summary>
    public const int MaxTargetLength = 8 * 1024;

    /// <summary>Header lines; more is a 431 problem.</summary>
    public const int MaxHeaderCount = 100;

    /// <summary>All header lines together, counted as <c>name: value</c> and a line break each; more is a 431 problem.</summary>
    public const int MaxHeadersTotalSize = 32 * 1024;

    /// <summary>Kestrel's limit on the request line (method, target, version): longer is Kestrel's bare 414.</summary>
    public const int ServerMaxRequestLineSize = 32 * 1024;

    /// <summary>Kestrel's limit on header lines: more is Kestrel's bare 431.</summary>
    public const int ServerMaxHeaderCount = 1000;

    /// <summary>Kestrel's limit on the header section, and on one HTTP/2 header field: more is Kestrel's bare 431.</summary>
    public const int ServerMaxHeadersTotalSize = 128 * 1024;

    /// <summary>
    /// Kestrel's limits as above, and header values read as Latin-1: every byte becomes one character, so a value with
    /// bytes above 0x7F that are not UTF-8 (obs-text, RFC 9110 section 5.5) reaches the pipeline, which refuses it with a
    /// problem document naming the header, instead of Kestrel's bare 400. Shop's headers are all ASCII.
    /// </summary>
    /// <param name="kestrel">The server options of a Shop host, or of a test's stand-in for one.</param>
    public static void ApplyTo(KestrelServerOptions kestrel)
    {
        kestrel.Limits.MaxRequestLineSize = ServerMaxRequestLineSize;
        kestrel.Limits.MaxRequestHeaderCount = ServerMaxHeaderCount;
        kestrel.Limits.MaxRequestHeadersTotalSize = ServerMaxHeadersTotalSize;
        kestrel.Limits.Http2.MaxRequestHeaderFieldSize = ServerMaxHeadersTotalSize;
        kestrel.RequestHeaderEncodingSelector = _ => Encoding.Latin1;
    }
}

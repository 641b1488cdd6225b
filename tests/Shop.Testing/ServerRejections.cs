using System.Buffers;
using System.Text;
using Shop.ServiceDefaults.Http;

namespace Shop.Testing;

/// <summary>
/// What Kestrel refuses while it parses a request, before any middleware runs, so that no Shop host can answer it with a
/// problem document: the list README's API section documents, each with the status Kestrel answers
/// (<see cref="ProblemAssert.IsServerRejection"/>). <see cref="Predict"/> says which of those a request meets.
/// </summary>
public static class ServerRejections
{
    private static readonly SearchValues<char> s_methodCharacters =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>One example of each documented rejection, made fresh for each use.</summary>
    public static IReadOnlyList<(string What, Func<RawHttpRequest> Request, int Status)> Documented { get; } =
    [
        ("a malformed method", () => new RawHttpRequest("G@T", "/api/catalog/products"), 400),
        ("a target that is not a path (*)", () => new RawHttpRequest("GET", "*"), 405),
        ("a target that is not a path (no leading /)", () => new RawHttpRequest("GET", "api/catalog/products"), 400),
        ("an absolute URI naming another host", () => new RawHttpRequest("GET", "http://elsewhere.example/api/catalog/products"), 400),
        ("an HTTP version Kestrel does not speak", () => new RawHttpRequest("GET", "/api/catalog/products") { Version = "HTTP/1.2" }, 505),
        ("a NUL in the path (%00)", () => new RawHttpRequest("GET", "/api/catalog/products/%00"), 400),
        ("a byte above 0x7F in the request target", () => new RawHttpRequest("GET", [.. "/api/catalog/products?q="u8, 0xC3, 0xA9]), 400),
        ("a NUL in a header value", () => new RawHttpRequest("GET", "/api/catalog/products").WithHeader("X-Anything", [0x61, 0x00]), 400),
        ("a space in a header name", () => new RawHttpRequest("GET", "/api/catalog/products").WithHeader("X Anything", "1"), 400),
        ("a byte above 0x7F in a header name", () => new RawHttpRequest("GET", "/api/catalog/products").WithHeader("X-F\u00e9", "1"), 400),
        ("a malformed Content-Length", () => new RawHttpRequest("GET", "/api/catalog/products").WithHeader("Content-Length", "abc"), 400),
        ("a request line over Kestrel's limit",
            () => new RawHttpRequest("GET", "/api/catalog/products/" + new string('a', RequestHeadLimits.ServerMaxRequestLineSize)), 414),
        ("headers over Kestrel's limit",
            () => new RawHttpRequest("GET", "/api/catalog/products").WithHeader("X-Large", new string('a', RequestHeadLimits.ServerMaxHeadersTotalSize)), 431),
        ("more header lines than Kestrel's limit", () => ManyHeaders(RequestHeadLimits.ServerMaxHeaderCount + 1), 431),
    ];

    /// <summary>A request with this many header lines of its own besides <c>Host</c> and <c>Connection</c>.</summary>
    public static RawHttpRequest ManyHeaders(int count, string target = "/api/catalog/products")
    {
        var request = new RawHttpRequest("GET", target);
        for (var i = 0; i < count; i++)
        {
            request.WithHeader($"X-Header-{i}", "1");
        }
        return request;
    }

    /// <summary>
    /// The status Kestrel answers <paramref name="request"/> with before the pipeline, or null when the request reaches
    /// it. Kestrel reads the request line first, then the header lines in order, and stops at the first thing it refuses.
    /// </summary>
    public static int? Predict(RawHttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var requestLine = request.Method.Length + 1 + request.Target.Length + 1 + request.Version.Length + 2;
        if (requestLine > RequestHeadLimits.ServerMaxRequestLineSize)
        {
            return 414;
        }
        if (request.Method.AsSpan().ContainsAnyExcept(s_methodCharacters))
        {
            return 400;
        }
        if (request.Version is not ("HTTP/1.1" or "HTTP/1.0"))
        {
            return 505;
        }
        var target = request.Target.AsSpan();
        if (target.SequenceEqual("*"u8))
        {
            return request.Method == "OPTIONS" ? null : 405;
        }
        if (target.Length == 0 || target[0] != '/')
        {
            return 400;
        }
        var query = target.IndexOf((byte)'?');
        if (target.ContainsAnyInRange((byte)0x80, (byte)0xFF) || target.Contains((byte)0) || DecodesToNul(query < 0 ? target : target[..query]))
        {
            return 400;
        }

        var size = 0;
        var lines = 0;
        foreach (var (name, value) in HeaderLines(request))
        {
            size += name.Length + 2 + value.Length + 2;
            lines++;
            if (size > RequestHeadLimits.ServerMaxHeadersTotalSize || lines > RequestHeadLimits.ServerMaxHeaderCount)
            {
                return 431;
            }
            if (name.Length == 0 || name.AsSpan().ContainsAnyExceptInRange((byte)0x21, (byte)0x7E) || value.AsSpan().Contains((byte)0)
                || (IsNamed(name, "Content-Length") && (value.Length == 0 || value.AsSpan().ContainsAnyExceptInRange((byte)'0', (byte)'9'))))
            {
                return 400;
            }
        }
        return null;
    }

    /// <summary>The header lines as <see cref="RawHttpRequest.Serialize"/> writes them, in order.</summary>
    private static IEnumerable<(byte[] Name, byte[] Value)> HeaderLines(RawHttpRequest request)
    {
        yield return ("Host"u8.ToArray(), "127.0.0.1:65535"u8.ToArray());
        foreach (var (name, value) in request.Headers)
        {
            yield return (Encoding.UTF8.GetBytes(name), value);
        }
        if (request.Body is { } body)
        {
            yield return ("Content-Length"u8.ToArray(), Encoding.ASCII.GetBytes(body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        yield return ("Connection"u8.ToArray(), "close"u8.ToArray());
    }

    private static bool IsNamed(byte[] name, string expected) =>
        string.Equals(Encoding.ASCII.GetString(name), expected, StringComparison.OrdinalIgnoreCase);

    private static bool DecodesToNul(ReadOnlySpan<byte> path)
    {
        for (var i = 0; i + 2 < path.Length; i++)
        {
            if (path[i] == '%' && path[i + 1] == '0' && path[i + 2] == '0')
            {
                return true;
            }
        }
        return false;
    }
}

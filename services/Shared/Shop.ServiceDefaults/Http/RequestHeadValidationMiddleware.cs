using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace Shop.ServiceDefaults.Http;

/// <summary>
/// Refuses a request whose head Kestrel let through but Shop does not accept, with a problem document: a target or a
/// header section over <see cref="RequestHeadLimits"/> (414, 431), a header that is not what RFC 9110 allows and Shop
/// can carry (400, naming the header), or a body in a charset nothing here can read (415).
/// </summary>
/// <remarks>
/// A header value may hold visible ASCII, spaces and tabs: RFC 9110's field-value without obs-text (bytes above 0x7F),
/// which RFC 9110 keeps for old clients and Shop's headers never carry. In the gateway the rule is what keeps a client's
/// header from failing the proxy: it forwards every header but the hop-by-hop ones, and the HTTP client that sends them
/// on refuses anything but ASCII, which the client saw as a 502. Control characters are refused too; Kestrel already
/// refuses a NUL, a CR or a LF before the pipeline. Header names must be tokens.
/// </remarks>
internal sealed class RequestHeadValidationMiddleware(
    RequestDelegate next, IProblemDetailsService problems, ILogger<RequestHeadValidationMiddleware> logger)
{
    /// <summary>HTAB, SP and VCHAR (0x21-0x7E).</summary>
    private static readonly SearchValues<char> s_fieldValueCharacters =
        SearchValues.Create("\t" + string.Concat(Enumerable.Range(0x20, 0x7F - 0x20).Select(c => (char)c)));

    /// <summary>RFC 9110 tchar.</summary>
    private static readonly SearchValues<char> s_tokenCharacters =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    public Task InvokeAsync(HttpContext context)
    {
        var targetLength = context.Features.Get<IHttpRequestFeature>()?.RawTarget.Length ?? 0;
        if (targetLength > RequestHeadLimits.MaxTargetLength)
        {
            return RefuseAsync(context, StatusCodes.Status414UriTooLong, string.Create(CultureInfo.InvariantCulture,
                $"The request target is {targetLength} characters long; this server accepts at most {RequestHeadLimits.MaxTargetLength}."));
        }

        var count = 0;
        var size = 0;
        foreach (var (name, values) in context.Request.Headers)
        {
            // HTTP/2 pseudo-headers, should a server list them, are the request line, checked above.
            if (name.StartsWith(':'))
            {
                continue;
            }
            if (name.AsSpan().ContainsAnyExcept(s_tokenCharacters))
            {
                return RefuseHeaderAsync(context, name, "A header name may hold only letters, digits and !#$%&'*+-.^_`|~ (an RFC 9110 token).");
            }
            foreach (var value in values)
            {
                if (value is not null && value.AsSpan().ContainsAnyExcept(s_fieldValueCharacters))
                {
                    return RefuseHeaderAsync(context, name,
                        $"The {name} header may hold only visible ASCII characters, spaces and tabs; it holds a control character or a byte above 0x7F.");
                }
                count++;
                size += name.Length + (value?.Length ?? 0) + 4;
            }
        }
        if (count > RequestHeadLimits.MaxHeaderCount || size > RequestHeadLimits.MaxHeadersTotalSize)
        {
            return RefuseAsync(context, StatusCodes.Status431RequestHeaderFieldsTooLarge, string.Create(CultureInfo.InvariantCulture,
                $"The request has {count} header lines of {size} bytes; this server accepts at most {RequestHeadLimits.MaxHeaderCount} lines of {RequestHeadLimits.MaxHeadersTotalSize} bytes together."));
        }
        if (UnreadableCharset(context.Request.ContentType) is { } charset)
        {
            return RefuseAsync(context, StatusCodes.Status415UnsupportedMediaType,
                $"The Content-Type names the charset '{charset}', which this server cannot read; send UTF-8.");
        }
        return next(context);
    }

    /// <summary>
    /// The charset of a <c>Content-Type</c> that no encoding of this runtime has (an empty one included), or null. Reading
    /// such a JSON body threw an InvalidOperationException in ASP.NET Core's JSON reader, which the client saw as a 500.
    /// </summary>
    private static string? UnreadableCharset(string? contentType)
    {
        if (contentType is null
            || !contentType.Contains("charset", StringComparison.OrdinalIgnoreCase)
            || contentType.EndsWith("charset=utf-8", StringComparison.OrdinalIgnoreCase)
            || !MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            || !mediaType.Charset.HasValue
            || mediaType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        try
        {
            _ = Encoding.GetEncoding(mediaType.Charset.Value!);
            return null;
        }
        catch (ArgumentException)
        {
            return mediaType.Charset.Value;
        }
    }

    private Task RefuseAsync(HttpContext context, int status, string detail)
    {
        HttpLog.RequestHeadRefused(logger, status, detail);
        context.Response.StatusCode = status;
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = ReasonPhrases.GetReasonPhrase(status), Detail = detail },
        }).AsTask();
    }

    private Task RefuseHeaderAsync(HttpContext context, string header, string error)
    {
        HttpLog.RequestHeadRefused(logger, StatusCodes.Status400BadRequest, error);
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [header] = [error] })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = $"The {header} header is malformed.",
            },
        }).AsTask();
    }
}

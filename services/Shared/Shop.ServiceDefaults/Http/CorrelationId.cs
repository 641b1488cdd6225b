using Microsoft.AspNetCore.Http;

namespace Shop.ServiceDefaults.Http;

/// <summary>
/// The id that ties one client request to every log line it causes, in the gateway and in each service.
/// The gateway sets it; services accept it from the header and echo it back.
/// </summary>
public static class CorrelationId
{
    public const string HeaderName = "X-Correlation-Id";
    private const int MaxLength = 64;

    public static bool TryGet(HttpContext context, out string correlationId)
    {
        if (context.Features.Get<CorrelationScope>() is { } scope)
        {
            correlationId = scope.Id;
            return true;
        }
        correlationId = string.Empty;
        return false;
    }

    /// <summary>
    /// Takes the client's id if it is acceptable or makes one, puts it on the request (so the proxy forwards it) and
    /// keeps it as a request feature: cheaper than <see cref="HttpContext.Items"/>, which allocates a dictionary per request.
    /// </summary>
    internal static CorrelationScope Establish(HttpContext context)
    {
        var incoming = context.Request.Headers[HeaderName].ToString();
        var id = IsAcceptable(incoming) ? incoming : Guid.NewGuid().ToString("N");
        context.Request.Headers[HeaderName] = id;
        var scope = new CorrelationScope(id);
        context.Features.Set(scope);
        return scope;
    }

    /// <summary>Only short ids of safe characters are kept, so a client cannot inject into logs or headers.</summary>
    public static bool IsAcceptable(string candidate) =>
        candidate.Length is > 0 and <= MaxLength
        && candidate.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}

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
    private static readonly object ItemKey = new();

    public static bool TryGet(HttpContext context, out string correlationId)
    {
        if (context.Items.TryGetValue(ItemKey, out var value) && value is string id)
        {
            correlationId = id;
            return true;
        }
        correlationId = string.Empty;
        return false;
    }

    internal static string Establish(HttpContext context)
    {
        var incoming = context.Request.Headers[HeaderName].ToString();
        var id = IsAcceptable(incoming) ? incoming : Guid.NewGuid().ToString("N");
        context.Items[ItemKey] = id;
        context.Request.Headers[HeaderName] = id;
        return id;
    }

    /// <summary>Only short ids of safe characters are kept, so a client cannot inject into logs or headers.</summary>
    public static bool IsAcceptable(string candidate) =>
        candidate.Length is > 0 and <= MaxLength
        && candidate.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}

using Microsoft.Extensions.Logging;

namespace Shop.ServiceDefaults.Http;

/// <summary>
/// Log messages of the HTTP defaults. Event ids are stable (Shop.ServiceDefaults owns 5000-5099: 501x requests refused
/// before they reach an endpoint).
/// </summary>
internal static partial class HttpLog
{
    [LoggerMessage(EventId = 5011, Level = LogLevel.Debug, Message = "Request head refused with {StatusCode}: {Reason}")]
    public static partial void RequestHeadRefused(ILogger logger, int statusCode, string reason);
}

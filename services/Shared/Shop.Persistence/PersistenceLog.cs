using Microsoft.Extensions.Logging;

namespace Shop.Persistence;

/// <summary>
/// Log messages of Shop.Persistence. Event ids are stable (Shop.Persistence owns 5200-5299) so that alerts and queries
/// can rely on them.
/// </summary>
internal static partial class PersistenceLog
{
    [LoggerMessage(EventId = 5201, Level = LogLevel.Information, Message = "Migrations of module {Module} applied in {ElapsedMs} ms")]
    public static partial void MigrationsApplied(ILogger logger, string module, long elapsedMs);
}

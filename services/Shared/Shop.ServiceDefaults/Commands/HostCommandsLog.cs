using Microsoft.Extensions.Logging;

namespace Shop.ServiceDefaults.Commands;

/// <summary>
/// Log messages of Shop.ServiceDefaults. Event ids are stable (Shop.ServiceDefaults owns 5000-5099: 50xx host commands)
/// so that alerts and queries, such as one on a failed migrate Job, can rely on them.
/// </summary>
internal static partial class HostCommandsLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Running host command {Command} from {Type}")]
    public static partial void CommandStarted(ILogger logger, string command, string type);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Host command {Command} finished")]
    public static partial void CommandFinished(ILogger logger, string command);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Critical, Message = "Host command {Command} failed")]
    public static partial void CommandFailed(ILogger logger, Exception exception, string command);
}

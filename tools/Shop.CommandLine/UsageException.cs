namespace Shop.CommandLine;

/// <summary>The command line is wrong; the message says how, and the tool exits with <see cref="ExitCode"/>.</summary>
public sealed class UsageException : Exception
{
    /// <summary>What every tool exits with for a command line it cannot run.</summary>
    public const int ExitCode = 2;

    public UsageException()
    {
    }

    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

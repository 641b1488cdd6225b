namespace Shop.LoadTest.Cli;

/// <summary>The command line is wrong; the message says how, and the tool exits with 2.</summary>
public sealed class UsageException : Exception
{
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

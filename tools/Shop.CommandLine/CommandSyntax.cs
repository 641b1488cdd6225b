namespace Shop.CommandLine;

/// <summary>The options one command accepts, by name without the leading dashes.</summary>
/// <param name="Command">The command's name, for messages.</param>
public sealed record CommandSyntax(string Command)
{
    /// <summary>Options that take a value and may be given once.</summary>
    public IReadOnlyCollection<string> Values { get; init; } = [];

    /// <summary>Options that take a value and may be given any number of times.</summary>
    public IReadOnlyCollection<string> Repeatable { get; init; } = [];

    /// <summary>Options that take no value.</summary>
    public IReadOnlyCollection<string> Flags { get; init; } = [];

    public IEnumerable<string> Known => Values.Concat(Repeatable).Concat(Flags).Order(StringComparer.Ordinal).Select(o => "--" + o);
}

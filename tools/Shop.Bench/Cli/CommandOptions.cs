using System.Globalization;

namespace Shop.Bench.Cli;

/// <summary>A command line's <c>--name value</c> options; a name may repeat.</summary>
public sealed class CommandOptions
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    private CommandOptions()
    {
    }

    /// <exception cref="UsageException">An argument that is not an option, or an option without its value.</exception>
    public static CommandOptions Parse(IReadOnlyList<string> arguments, IReadOnlySet<string> known)
    {
        var options = new CommandOptions();
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            if (!argument.StartsWith("--", StringComparison.Ordinal))
            {
                throw new UsageException($"unexpected argument '{argument}'");
            }
            var (name, value) = argument.Contains('=', StringComparison.Ordinal)
                ? (argument[2..argument.IndexOf('=', StringComparison.Ordinal)], argument[(argument.IndexOf('=', StringComparison.Ordinal) + 1)..])
                : (argument[2..], i + 1 < arguments.Count ? arguments[++i] : throw new UsageException($"--{argument[2..]} needs a value"));
            if (!known.Contains(name))
            {
                throw new UsageException($"unknown option --{name}");
            }
            if (!options._values.TryGetValue(name, out var list))
            {
                options._values[name] = list = [];
            }
            list.Add(value);
        }
        return options;
    }

    public string Required(string name) =>
        Optional(name) ?? throw new UsageException($"--{name} is required");

    public string? Optional(string name) => _values.TryGetValue(name, out var list) ? list[^1] : null;

    public IReadOnlyList<string> All(string name) => _values.TryGetValue(name, out var list) ? list : [];

    public double Number(string name, double fallback)
    {
        var text = Optional(name);
        if (text is null)
        {
            return fallback;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new UsageException($"--{name} must be a number, got '{text}'");
    }

    public DateTimeOffset Time(string name)
    {
        var text = Required(name);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : throw new UsageException($"--{name} must be an ISO-8601 time, got '{text}'");
    }
}

/// <summary>A command line that cannot be run as given; the message says why.</summary>
public sealed class UsageException(string message) : Exception(message);

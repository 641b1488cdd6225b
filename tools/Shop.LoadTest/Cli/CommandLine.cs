using System.Globalization;

namespace Shop.LoadTest.Cli;

/// <summary>
/// A parsed command line: <c>&lt;command&gt; --name value --flag …</c>. Only the options a command declares are
/// accepted, so a typo is an error rather than a silently ignored setting.
/// </summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, string> _values;
    private readonly HashSet<string> _flags;

    private CommandLine(string command, Dictionary<string, string> values, HashSet<string> flags)
    {
        Command = command;
        _values = values;
        _flags = flags;
    }

    public string Command { get; }

    /// <param name="arguments">The arguments after the command name.</param>
    /// <param name="command">The command's name, for messages.</param>
    /// <param name="valueOptions">Options that take a value (without the leading dashes).</param>
    /// <param name="flagOptions">Options that take none.</param>
    public static CommandLine Parse(IReadOnlyList<string> arguments, string command, IReadOnlyCollection<string> valueOptions, IReadOnlyCollection<string> flagOptions)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            if (!argument.StartsWith("--", StringComparison.Ordinal) || argument.Length == 2)
            {
                throw new UsageException($"Unexpected argument '{argument}' for '{command}'.");
            }
            var name = argument[2..];
            string? inlineValue = null;
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                (name, inlineValue) = (name[..equals], name[(equals + 1)..]);
            }
            if (flagOptions.Contains(name) && inlineValue is null)
            {
                flags.Add(name);
            }
            else if (valueOptions.Contains(name))
            {
                var value = inlineValue ?? (i + 1 < arguments.Count ? arguments[++i] : throw new UsageException($"--{name} needs a value."));
                if (!values.TryAdd(name, value))
                {
                    throw new UsageException($"--{name} is given twice.");
                }
            }
            else
            {
                var known = valueOptions.Concat(flagOptions).Order(StringComparer.Ordinal).Select(o => "--" + o);
                throw new UsageException($"Unknown option --{name} for '{command}' (known: {string.Join(", ", known)}).");
            }
        }
        return new CommandLine(command, values, flags);
    }

    public bool Flag(string name) => _flags.Contains(name);

    public string? Value(string name) => _values.GetValueOrDefault(name);

    public string Required(string name) => Value(name) ?? throw new UsageException($"--{name} is required for '{Command}'.");

    public double Number(string name, double defaultValue, double min = double.MinValue, double max = double.MaxValue)
    {
        if (Value(name) is not { } text)
        {
            return defaultValue;
        }
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < min || value > max || double.IsNaN(value))
        {
            throw new UsageException($"--{name} must be a number between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)} (got '{text}').");
        }
        return value;
    }

    public int? WholeNumber(string name, int min, int max)
    {
        if (Value(name) is not { } text)
        {
            return null;
        }
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new UsageException($"--{name} must be a whole number between {min} and {max} (got '{text}').");
        }
        return value;
    }

    public long? BigWholeNumber(string name)
    {
        if (Value(name) is not { } text)
        {
            return null;
        }
        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new UsageException($"--{name} must be a whole number (got '{text}').");
    }

    public TimeSpan? Duration(string name) => Value(name) is { } text ? ParseDuration(text, name) : null;

    /// <summary>Seconds (<c>90</c>, <c>90s</c>), minutes (<c>4m</c>) or a TimeSpan (<c>00:04:00</c>).</summary>
    public static TimeSpan ParseDuration(string text, string name)
    {
        var trimmed = text.Trim();
        var unit = 1.0;
        if (trimmed.EndsWith('s'))
        {
            trimmed = trimmed[..^1];
        }
        else if (trimmed.EndsWith('m'))
        {
            (trimmed, unit) = (trimmed[..^1], 60);
        }
        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number > 0 && number * unit < 86_400)
        {
            return TimeSpan.FromSeconds(number * unit);
        }
        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero && span < TimeSpan.FromDays(1))
        {
            return span;
        }
        throw new UsageException($"--{name} must be a positive length under a day: seconds (90), minutes (4m) or hh:mm:ss (got '{text}').");
    }
}

using System.Globalization;

namespace Shop.CommandLine;

/// <summary>
/// A parsed command line: <c>--name value</c> or <c>--name=value</c> options and <c>--flag</c>s. Only the options the
/// command declares are accepted, so a typo is an error rather than a silently ignored setting.
/// </summary>
public sealed class CommandArguments
{
    private readonly Dictionary<string, List<string>> _values;
    private readonly HashSet<string> _flags;

    private CommandArguments(string command, Dictionary<string, List<string>> values, HashSet<string> flags)
    {
        Command = command;
        _values = values;
        _flags = flags;
    }

    public string Command { get; }

    /// <param name="arguments">The arguments after the command name.</param>
    /// <param name="syntax">The options the command accepts.</param>
    /// <exception cref="UsageException">An argument that is not a declared option, a value missing or given twice.</exception>
    public static CommandArguments Parse(IReadOnlyList<string> arguments, CommandSyntax syntax)
    {
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            if (!argument.StartsWith("--", StringComparison.Ordinal) || argument.Length == 2)
            {
                throw new UsageException($"Unexpected argument '{argument}' for '{syntax.Command}'.");
            }
            var name = argument[2..];
            string? inlineValue = null;
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                (name, inlineValue) = (name[..equals], name[(equals + 1)..]);
            }
            if (syntax.Flags.Contains(name))
            {
                if (inlineValue is not null)
                {
                    throw new UsageException($"--{name} takes no value.");
                }
                flags.Add(name);
                continue;
            }
            var repeatable = syntax.Repeatable.Contains(name);
            if (!repeatable && !syntax.Values.Contains(name))
            {
                throw new UsageException($"Unknown option --{name} for '{syntax.Command}' (known: {string.Join(", ", syntax.Known)}).");
            }
            var value = inlineValue ?? (i + 1 < arguments.Count ? arguments[++i] : throw new UsageException($"--{name} needs a value."));
            if (!values.TryGetValue(name, out var list))
            {
                values[name] = list = [];
            }
            else if (!repeatable)
            {
                throw new UsageException($"--{name} is given twice.");
            }
            list.Add(value);
        }
        return new CommandArguments(syntax.Command, values, flags);
    }

    public bool Flag(string name) => _flags.Contains(name);

    /// <summary>The option's value; of a repeatable option, the last one given.</summary>
    public string? Value(string name) => _values.TryGetValue(name, out var list) ? list[^1] : null;

    /// <summary>Every value of a repeatable option, in the order given.</summary>
    public IReadOnlyList<string> All(string name) => _values.TryGetValue(name, out var list) ? list : [];

    public string Required(string name) => Value(name) ?? throw new UsageException($"--{name} is required for '{Command}'.");

    /// <summary>A finite number within the bounds, or <paramref name="defaultValue"/> when the option is not given.</summary>
    public double Number(string name, double defaultValue, double min = double.MinValue, double max = double.MaxValue)
    {
        if (Value(name) is not { } text)
        {
            return defaultValue;
        }
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value < min || value > max)
        {
            var bounds = min == double.MinValue && max == double.MaxValue
                ? ""
                : $" between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}";
            throw new UsageException($"--{name} must be a number{bounds} (got '{text}').");
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

    /// <summary>Seconds (<c>90</c>, <c>90s</c>), minutes (<c>4m</c>) or a TimeSpan (<c>00:04:00</c>), under a day.</summary>
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

    /// <summary>A required ISO-8601 time; one without an offset is UTC.</summary>
    public DateTimeOffset Time(string name)
    {
        var text = Required(name);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : throw new UsageException($"--{name} must be an ISO-8601 time (got '{text}').");
    }
}

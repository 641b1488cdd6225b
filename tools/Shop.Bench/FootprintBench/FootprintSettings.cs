using System.Globalization;
using Shop.CommandLine;

namespace Shop.Bench.FootprintBench;

/// <summary>How <c>./shop footprint</c> measures: its options and SHOP_FOOTPRINT_* variables.</summary>
/// <param name="Rounds">Rounds of both shapes; each figure is the median.</param>
/// <param name="IdleSeconds">How long a shape idles once up before its memory is read.</param>
/// <param name="BasePort">The services listen on the next four ports, the monolith on the ninth.</param>
public sealed record FootprintSettings(int Rounds, int IdleSeconds, int BasePort)
{
    public const string Usage = "usage: ./shop footprint [--rounds N] [--idle SECONDS]";

    public static CommandSyntax Syntax { get; } = new("footprint") { Values = ["rounds", "idle"] };

    /// <exception cref="UsageException">A value that is not a whole number in range.</exception>
    public static FootprintSettings Parse(CommandArguments arguments, Func<string, string?> environment)
    {
        string? Given(string option, string variable) => arguments.Value(option) ?? (environment(variable) is { Length: > 0 } value ? value : null);
        var rounds = Whole(Given("rounds", "SHOP_FOOTPRINT_ROUNDS") ?? "3", 1, "--rounds takes a positive number");
        var idle = Whole(Given("idle", "SHOP_FOOTPRINT_IDLE_SECONDS") ?? "15", 0, "--idle takes a number of seconds");
        var basePort = Whole(environment("SHOP_FOOTPRINT_BASE_PORT") is { Length: > 0 } port ? port : "5650", 1, "SHOP_FOOTPRINT_BASE_PORT takes a port");
        return basePort + 9 <= 65_535 ? new FootprintSettings(rounds, idle, basePort) : throw new UsageException("SHOP_FOOTPRINT_BASE_PORT takes a port");
    }

    private static int Whole(string text, int min, string message) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min ? value : throw new UsageException(message);
}

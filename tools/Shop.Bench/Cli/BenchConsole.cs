namespace Shop.Bench.Cli;

/// <summary>
/// How the benches talk, as deploy/local/common.sh does: "==>" for a step, "ok", "warn" and "error" (the last two on
/// standard error), in colour when standard output is a terminal.
/// </summary>
public sealed class BenchConsole(TextWriter output, TextWriter error, bool colour)
{
    private readonly string _bold = colour ? "\e[1m" : "";
    private readonly string _red = colour ? "\e[31m" : "";
    private readonly string _green = colour ? "\e[32m" : "";
    private readonly string _yellow = colour ? "\e[33m" : "";
    private readonly string _reset = colour ? "\e[0m" : "";

    public static BenchConsole Standard { get; } = new(Console.Out, Console.Error, !Console.IsOutputRedirected);

    /// <summary>Where figures and plain lines go.</summary>
    public TextWriter Output => output;

    public void Info(string text) => output.WriteLine($"{_bold}==>{_reset} {text}");

    public void Ok(string text) => output.WriteLine($"{_green} ok{_reset} {text}");

    public void Warn(string text) => error.WriteLine($"{_yellow}warn{_reset} {text}");

    public void Error(string text) => error.WriteLine($"{_red}error{_reset} {text}");

    /// <summary>Text that belongs with an error, such as the output of a tool that failed.</summary>
    public void ErrorDetail(string text) => error.WriteLine(text);
}

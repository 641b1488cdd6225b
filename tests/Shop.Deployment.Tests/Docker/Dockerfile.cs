using System.Text;
using System.Text.Json;

namespace Shop.Deployment.Tests.Docker;

/// <summary>
/// A Dockerfile read the way the builder reads it: continuation lines joined, comments dropped, instructions grouped
/// into stages. Enough to follow a target back through the stages it is built FROM, which is what the assertions about
/// users, health checks and entry points need (an instruction in a parent stage applies to the image).
/// </summary>
public sealed class Dockerfile
{
    private Dockerfile(string path, IReadOnlyList<DockerInstruction> instructions)
    {
        Path = path;
        Instructions = instructions;
        var stages = new List<DockerStage>();
        var globalArguments = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var instruction in instructions)
        {
            if (instruction.Keyword == "ARG" && stages.Count == 0)
            {
                var (name, value) = instruction.Arguments.Contains('=', StringComparison.Ordinal)
                    ? (instruction.Arguments[..instruction.Arguments.IndexOf('=', StringComparison.Ordinal)], instruction.Arguments[(instruction.Arguments.IndexOf('=', StringComparison.Ordinal) + 1)..])
                    : (instruction.Arguments, "");
                globalArguments[name.Trim()] = value.Trim();
            }
            else if (instruction.Keyword == "FROM")
            {
                stages.Add(DockerStage.From(instruction, stages.Count, globalArguments));
            }
            else if (stages.Count > 0)
            {
                stages[^1].Add(instruction);
            }
        }
        Stages = stages;
        GlobalArguments = globalArguments;
    }

    public string Path { get; }

    /// <summary>The ARGs declared before the first FROM, with their defaults: the only ones a FROM line can use.</summary>
    public IReadOnlyDictionary<string, string> GlobalArguments { get; }

    public IReadOnlyList<DockerInstruction> Instructions { get; }

    public IReadOnlyList<DockerStage> Stages { get; }

    /// <summary>Stages no other stage builds FROM or copies from: the images this file can produce.</summary>
    public IEnumerable<DockerStage> Targets => Stages.Where(stage => stage.Name is not null && !IsUsedByAnotherStage(stage.Name));

    public static Dockerfile Load(string path) => Parse(path, File.ReadAllText(path));

    public static Dockerfile Parse(string path, string text)
    {
        var instructions = new List<DockerInstruction>();
        var pending = new StringBuilder();
        var firstLine = 0;
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index].Trim();
            // Comment lines are dropped even inside a continued instruction, as the builder does.
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            if (pending.Length == 0)
            {
                firstLine = index + 1;
            }
            if (line.EndsWith('\\'))
            {
                pending.Append(line[..^1].TrimEnd()).Append(' ');
                continue;
            }
            pending.Append(line);
            instructions.Add(DockerInstruction.Parse(pending.ToString(), firstLine));
            pending.Clear();
        }
        if (pending.Length > 0)
        {
            instructions.Add(DockerInstruction.Parse(pending.ToString().TrimEnd(), firstLine));
        }
        return new Dockerfile(path, instructions);
    }

    public DockerStage Stage(string name) =>
        Stages.SingleOrDefault(stage => stage.Name == name)
        ?? throw new InvalidOperationException($"{Path} has no stage named '{name}'");

    /// <summary>The stage, then the stage it is built FROM, and so on while the base is a stage of this file.</summary>
    public IEnumerable<DockerStage> Lineage(DockerStage stage)
    {
        for (DockerStage? current = stage; current is not null; current = Stages.FirstOrDefault(s => s.Index < current.Index && s.Name == current.BaseImage))
        {
            yield return current;
        }
    }

    /// <summary>The image from a registry that a stage finally rests on.</summary>
    public string RootImage(DockerStage stage) => Lineage(stage).Last().BaseImage;

    /// <summary>The instruction of a kind that is in force in the image of a stage: the last one, looking up the lineage.</summary>
    public DockerInstruction? Effective(DockerStage stage, string keyword) =>
        Lineage(stage).Select(s => s.Instructions.LastOrDefault(i => i.Keyword == keyword)).FirstOrDefault(i => i is not null);

    /// <summary>Every instruction of a kind that contributes to the image of a stage, parents first.</summary>
    public IEnumerable<DockerInstruction> AllInLineage(DockerStage stage, string keyword) =>
        Lineage(stage).Reverse().SelectMany(s => s.Instructions.Where(i => i.Keyword == keyword));

    /// <summary>Environment variables set for the image of a stage, with later settings winning.</summary>
    public IReadOnlyDictionary<string, string> Environment(DockerStage stage)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var instruction in AllInLineage(stage, "ENV"))
        {
            foreach (var (name, value) in instruction.Assignments())
            {
                environment[name] = value;
            }
        }
        return environment;
    }

    private bool IsUsedByAnotherStage(string name) =>
        Stages.Any(stage => stage.BaseImage == name
            || stage.Instructions.Any(i => i.Keyword == "COPY" && i.Flags.TryGetValue("from", out var from) && from == name));
}

public sealed class DockerStage
{
    private readonly List<DockerInstruction> _instructions = [];

    private DockerStage(DockerInstruction from, string declaredBase, string baseImage, string? name, int index)
    {
        FromInstruction = from;
        DeclaredBaseImage = declaredBase;
        BaseImage = baseImage;
        Name = name;
        Index = index;
    }

    public DockerInstruction FromInstruction { get; }

    /// <summary>The base as written, build arguments and all (<c>${ASPNET_IMAGE}</c>).</summary>
    public string DeclaredBaseImage { get; }

    /// <summary>The base with every build argument at its default: what a plain <c>docker build</c> uses.</summary>
    public string BaseImage { get; }

    public string? Name { get; }

    public int Index { get; }

    public IReadOnlyList<DockerInstruction> Instructions => _instructions;

    public static DockerStage From(DockerInstruction from, int index, IReadOnlyDictionary<string, string> globalArguments)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(globalArguments);
        var words = from.ArgumentsWithoutFlags.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var name = words.Length == 3 && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? words[2] : null;
        return new DockerStage(from, words[0], Substitute(words[0], globalArguments), name, index);
    }

    /// <summary><c>${NAME}</c> and <c>$NAME</c> replaced by the arguments' values, as the builder expands a FROM line.</summary>
    public static string Substitute(string text, IReadOnlyDictionary<string, string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return System.Text.RegularExpressions.Regex.Replace(text, @"\$\{(\w+)\}|\$(\w+)",
            match => arguments.TryGetValue(match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value, out var value) ? value : match.Value,
            System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
    }

    public void Add(DockerInstruction instruction) => _instructions.Add(instruction);

    public override string ToString() => Name ?? $"stage {Index} ({BaseImage})";
}

/// <summary>One instruction with its <c>--flag=value</c> options split off and its line number in the file.</summary>
public sealed record DockerInstruction(string Keyword, string Arguments, int Line)
{
    public IReadOnlyDictionary<string, string> Flags { get; } = ParseFlags(Arguments, out _);

    public string ArgumentsWithoutFlags => StripFlags(Arguments);

    public static DockerInstruction Parse(string text, int line)
    {
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        return space < 0
            ? new DockerInstruction(text.ToUpperInvariant(), "", line)
            : new DockerInstruction(text[..space].ToUpperInvariant(), text[(space + 1)..].Trim(), line);
    }

    /// <summary>The words of the exec (JSON array) form, or null when the instruction uses the shell form.</summary>
    public IReadOnlyList<string>? ExecForm(string? arguments = null)
    {
        var text = (arguments ?? ArgumentsWithoutFlags).Trim();
        if (!text.StartsWith('['))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<List<string>>(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The name=value pairs of ENV, ARG or LABEL (an ARG without a default has an empty value).</summary>
    public IEnumerable<(string Name, string Value)> Assignments()
    {
        var words = Words(ArgumentsWithoutFlags);
        // The legacy form "ENV NAME value with spaces" sets one variable.
        if (Keyword == "ENV" && words.Count > 1 && !words[0].Contains('=', StringComparison.Ordinal))
        {
            yield return (words[0], string.Join(' ', words.Skip(1)));
            yield break;
        }
        foreach (var word in words)
        {
            var equals = word.IndexOf('=', StringComparison.Ordinal);
            yield return equals < 0 ? (word, "") : (word[..equals], word[(equals + 1)..]);
        }
    }

    /// <summary>Source and destination paths of COPY or ADD (the last word is the destination).</summary>
    public (IReadOnlyList<string> Sources, string Destination) CopyPaths()
    {
        var words = ExecForm() ?? Words(ArgumentsWithoutFlags);
        return (words.Take(words.Count - 1).ToList(), words[^1]);
    }

    public override string ToString() => $"line {Line}: {Keyword} {Arguments}";

    /// <summary>Splits on spaces outside double quotes and removes the quotes, as the builder does for ENV and LABEL.</summary>
    private static List<string> Words(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        var started = false;
        foreach (var character in text)
        {
            if (character == '"')
            {
                quoted = !quoted;
                started = true;
            }
            else if (character == ' ' && !quoted)
            {
                if (started)
                {
                    words.Add(current.ToString());
                    current.Clear();
                    started = false;
                }
            }
            else
            {
                current.Append(character);
                started = true;
            }
        }
        if (started)
        {
            words.Add(current.ToString());
        }
        return words;
    }

    private static Dictionary<string, string> ParseFlags(string arguments, out string rest)
    {
        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        rest = arguments;
        while (rest.StartsWith("--", StringComparison.Ordinal))
        {
            var end = rest.IndexOf(' ', StringComparison.Ordinal);
            var flag = end < 0 ? rest[2..] : rest[2..end];
            var equals = flag.IndexOf('=', StringComparison.Ordinal);
            flags[equals < 0 ? flag : flag[..equals]] = equals < 0 ? "" : flag[(equals + 1)..];
            rest = end < 0 ? "" : rest[(end + 1)..].TrimStart();
        }
        return flags;
    }

    private static string StripFlags(string arguments)
    {
        ParseFlags(arguments, out var rest);
        return rest;
    }
}

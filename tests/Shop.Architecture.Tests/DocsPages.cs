using System.Text.RegularExpressions;

namespace Shop.Architecture.Tests;

/// <summary>The Markdown pages of docs/, read the way DocsTests needs them: links, headings, code spans, command blocks.</summary>
public static partial class DocsPages
{
    public const string OfflineMarker = "run: offline";

    public static IReadOnlyList<string> All { get; } =
        [.. Directory.GetFiles(Path.Combine(ShopAssemblies.Root, "docs"), "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];

    /// <summary>A fenced <c>bash</c> block: where it starts (1-based line of the fence), its text, and the HTML comment just above it.</summary>
    public sealed record CommandBlock(int Line, string Script, string? Marker);

    public static IEnumerable<string> Links(string page) =>
        Link().Matches(OutsideCodeBlocks(page)).Select(m => m.Groups[1].Value);

    /// <summary>The GitHub anchors of a page's headings: lower case, punctuation dropped, spaces as hyphens.</summary>
    public static IReadOnlySet<string> Anchors(string page) =>
        OutsideCodeBlocks(page).Split('\n')
            .Where(l => l.StartsWith('#'))
            .Select(l => l.TrimStart('#').Trim().ToLowerInvariant())
            .Select(heading => NotInAnchor().Replace(heading, "").Replace(' ', '-'))
            .ToHashSet(StringComparer.Ordinal);

    public static IEnumerable<string> CodeSpans(string page)
    {
        var text = OutsideCodeBlocks(page);
        return CodeSpan().Matches(text).Select(m => m.Groups[1].Value);
    }

    public static IReadOnlyList<CommandBlock> CommandBlocks(string page)
    {
        var lines = File.ReadAllLines(page);
        var blocks = new List<CommandBlock>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("```", StringComparison.Ordinal))
            {
                continue;
            }
            var language = lines[i][3..].Trim();
            var end = Array.FindIndex(lines, i + 1, l => l.StartsWith("```", StringComparison.Ordinal));
            if (end < 0)
            {
                throw new InvalidDataException($"{page}:{i + 1}: a code block is never closed");
            }
            if (language is "bash" or "sh" or "shell" or "console")
            {
                var above = i - 1;
                while (above >= 0 && lines[above].Trim().Length == 0)
                {
                    above--;
                }
                var marker = above >= 0 && Marker().Match(lines[above].Trim()) is { Success: true } match ? match.Groups[1].Value.Trim() : null;
                blocks.Add(new CommandBlock(i + 1, string.Join('\n', lines[(i + 1)..end]), marker));
            }
            i = end;
        }
        return blocks;
    }

    // Links and code spans inside fenced blocks are code, not references.
    private static string OutsideCodeBlocks(string page)
    {
        var kept = new List<string>();
        var inBlock = false;
        foreach (var line in File.ReadLines(page))
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inBlock = !inBlock;
                continue;
            }
            if (!inBlock)
            {
                kept.Add(line);
            }
        }
        return string.Join('\n', kept);
    }

    [GeneratedRegex(@"\]\(([^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"`([^`\n]+)`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"[^\p{L}\p{Nd} _-]")]
    private static partial Regex NotInAnchor();

    [GeneratedRegex(@"^<!--\s*(.*?)\s*-->$")]
    private static partial Regex Marker();
}

using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Shop.Architecture.Tests;

/// <summary>
/// docs/ stays true: every link and every path it names resolves, every ADR has its sections and is listed, and every
/// command block either runs here (<c>&lt;!-- run: offline --&gt;</c>: it needs no server and finishes in seconds) or says
/// why it does not (<c>&lt;!-- run: illustrative, reason --&gt;</c>).
/// </summary>
public sealed partial class DocsTests
{
    private static readonly string Docs = Path.Combine(ShopAssemblies.Root, "docs");

    public static TheoryData<string> Pages => [.. DocsPages.All.Select(page => Path.GetRelativePath(ShopAssemblies.Root, page))];

    public static TheoryData<string> Adrs => [.. AdrFiles];

    public static TheoryData<string, int> OfflineBlocks
    {
        get
        {
            var blocks = new TheoryData<string, int>();
            foreach (var page in DocsPages.All)
            {
                foreach (var block in DocsPages.CommandBlocks(page).Where(b => b.Marker == DocsPages.OfflineMarker))
                {
                    blocks.Add(Path.GetRelativePath(ShopAssemblies.Root, page), block.Line);
                }
            }
            return blocks;
        }
    }

    private static IReadOnlyList<string> AdrFiles =>
        [.. Directory.GetFiles(Path.Combine(Docs, "adr"), "*.md").Select(Path.GetFileName).OfType<string>().Where(name => AdrFileName().IsMatch(name)).Order(StringComparer.Ordinal)];

    [Fact]
    public void Docs_TheLearningPathArchitectureAdrsAndLabs_AreThere()
    {
        foreach (var page in new[] { "README.md", "architecture.md", "adr/README.md", "labs/README.md" })
        {
            Assert.True(File.Exists(Path.Combine(Docs, page)), $"docs/{page} is missing");
        }
        Assert.True(AdrFiles.Count >= 8, $"{AdrFiles.Count} ADRs");
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Page_EveryRelativeLink_ReachesAFileAndItsHeading(string page)
    {
        var full = Path.Combine(ShopAssemblies.Root, page);
        var broken = new List<string>();
        foreach (var link in DocsPages.Links(full).Where(l => !l.Contains("://", StringComparison.Ordinal) && !l.StartsWith("mailto:", StringComparison.Ordinal)))
        {
            var (file, anchor) = link.Split('#', 2) is [var f, var a] ? (f, a) : (link, null);
            var target = file.Length == 0 ? full : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(full)!, Uri.UnescapeDataString(file)));
            if (!File.Exists(target) && !Directory.Exists(target))
            {
                broken.Add($"{link}: no such file");
            }
            else if (anchor is not null && (!File.Exists(target) || !DocsPages.Anchors(target).Contains(anchor)))
            {
                broken.Add($"{link}: no heading #{anchor} in {Path.GetRelativePath(ShopAssemblies.Root, target)}");
            }
        }
        Assert.True(broken.Count == 0, $"{page}:{Environment.NewLine}{string.Join(Environment.NewLine, broken)}");
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Page_EveryRepositoryPathInCode_Exists(string page)
    {
        var missing = DocsPages.CodeSpans(Path.Combine(ShopAssemblies.Root, page))
            .Where(span => RepositoryPath().IsMatch(span) && !span.Contains('<') && !span.Contains('*'))
            .Select(span => span.TrimEnd('/', '.', ','))
            .Where(path => !File.Exists(Path.Combine(ShopAssemblies.Root, path)) && !Directory.Exists(Path.Combine(ShopAssemblies.Root, path)))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        Assert.True(missing.Count == 0, $"{page} names paths that do not exist: {string.Join(", ", missing)}");
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Page_EveryCommandBlock_RunsOfflineOrSaysWhyNot(string page)
    {
        var unmarked = DocsPages.CommandBlocks(Path.Combine(ShopAssemblies.Root, page))
            .Where(b => b.Marker != DocsPages.OfflineMarker && !IllustrativeWithReason().IsMatch(b.Marker ?? ""))
            .Select(b => $"line {b.Line}: {b.Marker ?? "no marker"}")
            .ToList();
        Assert.True(unmarked.Count == 0, $"{page}: command blocks need <!-- run: offline --> or <!-- run: illustrative, <why> --> before them: {string.Join("; ", unmarked)}");
    }

    [Theory]
    [MemberData(nameof(OfflineBlocks))]
    public async Task OfflineBlock_RunInTheRepository_SucceedsAndPrints(string page, int line)
    {
        var block = DocsPages.CommandBlocks(Path.Combine(ShopAssemblies.Root, page)).Single(b => b.Line == line);
        var start = new ProcessStartInfo("bash", ["-euo", "pipefail", "-c", block.Script])
        {
            WorkingDirectory = ShopAssemblies.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(process.ExitCode == 0, $"{page}:{line} exited {process.ExitCode}:{Environment.NewLine}{await output}{await errors}");
        Assert.False(string.IsNullOrWhiteSpace(await output), $"{page}:{line} printed nothing");
    }

    [Theory]
    [MemberData(nameof(Adrs))]
    public void Adr_Sections_TitleStatusContextDecisionConsequencesInOrder(string file)
    {
        var lines = File.ReadAllLines(Path.Combine(Docs, "adr", file));
        var number = file[..4];

        Assert.StartsWith($"# {number}. ", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => StatusLine().IsMatch(l));
        var sections = lines.Where(l => l.StartsWith("## ", StringComparison.Ordinal)).Select(l => l[3..].Trim()).ToList();
        Assert.Equal(["Context", "Decision", "Consequences"], sections);
        Assert.All(sections, section => Assert.True(SectionText(lines, section).Length > 100, $"{file}: section {section} is nearly empty"));
    }

    [Fact]
    public void AdrIndex_ListsEveryAdrByItsTitle()
    {
        var index = File.ReadAllText(Path.Combine(Docs, "adr", "README.md"));
        foreach (var file in AdrFiles)
        {
            Assert.Contains($"]({file})", index, StringComparison.Ordinal);
        }
    }

    private static string SectionText(string[] lines, string section) =>
        string.Join('\n', lines.SkipWhile(l => l != $"## {section}").Skip(1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal)));

    [GeneratedRegex(@"^\d{4}-[a-z0-9-]+\.md$")]
    private static partial Regex AdrFileName();

    [GeneratedRegex(@"^(services|gateway|deploy|helm|tests|tools|docs)/[A-Za-z0-9_./-]+$")]
    private static partial Regex RepositoryPath();

    [GeneratedRegex(@"^run: illustrative, \S.{9,}$")]
    private static partial Regex IllustrativeWithReason();

    [GeneratedRegex(@"^Status: (proposed|accepted|deprecated|superseded by \[\d{4}\].*)$")]
    private static partial Regex StatusLine();
}

using System.Text.Json;

namespace Shop.Deployment.Tests.Docker;

/// <summary>
/// Every Dockerfile in the repository through two linters: dockerlinter (best practices, ShellCheck on every RUN) and
/// dockerfile-utils (syntax and validation as the builder sees it). Any finding fails, whatever its level (info,
/// warning or error): the files are clean at every level today, so a new finding is either fixed or added below with
/// its reason.
/// </summary>
public sealed class DockerfileLintTests
{
    /// <summary>
    /// dockerlinter rules that do not apply, each with its reason. EI0001 ("only one CMD, HEALTHCHECK or ENTRYPOINT")
    /// counts them per file, but Docker scopes them per stage, and deploy/docker/Dockerfile builds seven images, each a
    /// stage with its own ENTRYPOINT; the rule as Docker means it is asserted per stage by
    /// <see cref="Dockerfile_OnceOnlyInstructions_AppearAtMostOncePerStage"/>.
    /// </summary>
    private static readonly string[] IgnoredDockerLinterRules = ["EI0001"];

    /// <summary>Folders that hold no Dockerfile to ship (tests/ holds this test's own Dockerfile.cs, for one).</summary>
    private static readonly string[] SkippedFolders = [".git", ".shop", "bin", "obj", "node_modules", "artifacts", "tests"];

    private static readonly string[] OnceOnlyInstructions = ["CMD", "ENTRYPOINT", "HEALTHCHECK"];

    public static TheoryData<string> Dockerfiles => [.. FindDockerfiles()];

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public async Task DockerLinter_Dockerfile_ReportsNothingButIgnoredRules(string dockerfile)
    {
        var findings = await RunDockerLinterAsync(Repository.PathOf(dockerfile));

        Assert.True(findings.Count == 0, $"{dockerfile}:{Environment.NewLine}{string.Join(Environment.NewLine, findings)}");
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public async Task DockerfileUtils_Dockerfile_ReportsNoProblem(string dockerfile)
    {
        var (exitCode, problems) = await RunDockerfileUtilsAsync(Repository.PathOf(dockerfile));

        Assert.True(problems.Count == 0, $"{dockerfile}:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
        Assert.Equal(0, exitCode);
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Dockerfile_OnceOnlyInstructions_AppearAtMostOncePerStage(string dockerfile)
    {
        var stages = Dockerfile.Load(Repository.PathOf(dockerfile)).Stages;

        Assert.All(stages, stage => Assert.All(OnceOnlyInstructions,
            keyword => Assert.True(stage.Instructions.Count(i => i.Keyword == keyword) <= 1, $"{stage}: more than one {keyword}")));
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Dockerfile_Folder_HasNoLinterConfigurationThatCouldHideRules(string dockerfile)
    {
        // dockerlinter silently reads ignores from these files; the ignores belong in this test, with their reasons.
        var folder = Path.GetDirectoryName(Repository.PathOf(dockerfile))!;

        Assert.False(File.Exists(Path.Combine(folder, "dockerfilelinter.yaml")));
        Assert.False(File.Exists(Repository.PathOf(dockerfile) + ".linter.yaml"));
    }

    [Fact]
    public async Task Linters_BrokenDockerfile_ReportTheProblems()
    {
        // The checks above only mean something if the linters do find problems, ShellCheck included.
        var directory = Directory.CreateTempSubdirectory("shop-dockerfile-");
        try
        {
            var broken = Path.Combine(directory.FullName, "Dockerfile");
            await File.WriteAllTextAsync(broken, """
                FROM ubuntu
                RUN cd /tmp && apt-get install curl && rm -rf $TARGET/cache
                USER root
                HEALTHCHECK --interval=soon CMD true
                """);

            var findings = await RunDockerLinterAsync(broken);
            var (exitCode, problems) = await RunDockerfileUtilsAsync(broken);

            var codes = findings.Select(f => f.Code).ToHashSet(StringComparer.Ordinal);
            Assert.Superset(new HashSet<string>(["EF0004", "EU0001", "SC2086"], StringComparer.Ordinal), codes);
            Assert.NotEqual(0, exitCode);
            Assert.Contains(problems, p => p.Severity == "error" && p.Message.Contains("duration", StringComparison.Ordinal));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task<IReadOnlyList<DockerLinterFinding>> RunDockerLinterAsync(string dockerfile)
    {
        // dockerlinter writes a temporary script per RUN into its working directory for ShellCheck: give it its own.
        var workingDirectory = Directory.CreateTempSubdirectory("shop-dockerlinter-");
        try
        {
            var result = await ContainerTools.RunAsync(
                ContainerTools.DockerLinter,
                ["--file", dockerfile, "--json", "--shellcheck", "sh", "--ignore", string.Join(',', IgnoredDockerLinterRules)],
                workingDirectory.FullName);

            Assert.True(result.ExitCode == 0, $"dockerlinter failed: {result.Describe()}");
            return result.Output.Trim().Length == 0
                ? []
                : JsonSerializer.Deserialize<List<DockerLinterFinding>>(result.Output, JsonSerializerOptions.Web)
                    ?? throw new InvalidOperationException("dockerlinter printed null");
        }
        finally
        {
            workingDirectory.Delete(recursive: true);
        }
    }

    private static async Task<(int ExitCode, IReadOnlyList<DockerfileUtilsProblem> Problems)> RunDockerfileUtilsAsync(string dockerfile)
    {
        var result = await ContainerTools.RunAsync(ContainerTools.DockerfileUtils, ["lint", "--json", dockerfile], Path.GetTempPath());

        var problems = JsonSerializer.Deserialize<List<DockerfileUtilsProblem>>(result.Output, JsonSerializerOptions.Web);
        Assert.True(problems is not null, $"dockerfile-utils printed no JSON: {result.Describe()}");
        return (result.ExitCode, problems);
    }

    private static IEnumerable<string> FindDockerfiles()
    {
        var pending = new Stack<string>([Repository.Root]);
        while (pending.TryPop(out var directory))
        {
            foreach (var file in Directory.EnumerateFiles(directory))
            {
                var name = Path.GetFileName(file);
                if (name == "Dockerfile" || name.StartsWith("Dockerfile.", StringComparison.Ordinal)
                    || name.EndsWith(".Dockerfile", StringComparison.OrdinalIgnoreCase))
                {
                    yield return Repository.Relative(file);
                }
            }
            foreach (var child in Directory.EnumerateDirectories(directory).Where(d => !SkippedFolders.Contains(Path.GetFileName(d))))
            {
                pending.Push(child);
            }
        }
    }

    private sealed record DockerLinterFinding(int LineNumber, string Message, string Level, string Code)
    {
        public override string ToString() => $"line {LineNumber}: {Code} ({Level}) {Message}";
    }

    private sealed record DockerfileUtilsProblem(int? InstructionLine, string Message, string Severity)
    {
        public override string ToString() => $"line {InstructionLine + 1}: {Severity} {Message}";
    }
}

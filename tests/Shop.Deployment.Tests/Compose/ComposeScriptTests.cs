using Shop.Deployment.Tests.Docker;

namespace Shop.Deployment.Tests.Compose;

/// <summary>The shell scripts compose uses, through ShellCheck (./shop test checks deploy/local; these live elsewhere).</summary>
public sealed class ComposeScriptTests
{
    public static TheoryData<string> Scripts =>
        [.. Directory.EnumerateFiles(Repository.PathOf("deploy/compose"), "*.sh", SearchOption.AllDirectories).Select(Repository.Relative).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task Script_PassesShellCheck(string script)
    {
        // shellcheck comes from apt (ensure_docker_tools installs it: dockerlinter runs it on every RUN).
        var result = await ContainerTools.RunAsync("shellcheck", ["-x", script], Repository.Root);

        Assert.True(result.ExitCode == 0, result.Describe());
    }
}

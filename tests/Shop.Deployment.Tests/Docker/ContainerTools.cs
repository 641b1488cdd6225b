using System.Diagnostics;

namespace Shop.Deployment.Tests.Docker;

/// <summary>
/// The tools that check the Dockerfile and docker-compose.yml without a Docker engine, named by the environment variables
/// that <c>ensure_docker_tools</c> (deploy/local/tools-docker.sh) exports.
/// </summary>
public static class ContainerTools
{
    public static string DockerLinter => Required("SHOP_TEST_DOCKERLINTER", "the dockerlinter command (npm dockerlinter)");

    public static string DockerfileUtils => Required("SHOP_TEST_DOCKERFILE_UTILS", "the dockerfile-utils command (npm dockerfile-utils)");

    public static string DockerCompose => Required("SHOP_TEST_DOCKER_COMPOSE", "docker-compose 1.29 (apt docker-compose)");

    public static string Promtool => Required("SHOP_TEST_PROMTOOL", "promtool (apt prometheus)");

    /// <summary>
    /// Runs a tool to completion. <paramref name="withoutVariablesStartingWith"/> removes inherited variables, so that
    /// settings of the machine running the tests (a developer's SHOP_* or COMPOSE_* variables) cannot change the result;
    /// <paramref name="environment"/> adds or replaces variables.
    /// </summary>
    public static async Task<ToolResult> RunAsync(
        string executable,
        IEnumerable<string> arguments,
        string workingDirectory,
        IEnumerable<string>? withoutVariablesStartingWith = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var prefix in withoutVariablesStartingWith ?? [])
        {
            foreach (var name in info.Environment.Keys.Where(name => name.StartsWith(prefix, StringComparison.Ordinal)).ToList())
            {
                info.Environment.Remove(name);
            }
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {executable}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        // A guard against a hung tool, not a timing assertion: each of these finishes in a second or two.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new ToolResult(process.ExitCode, await output, await error);
    }

    private static string Required(string variable, string what)
    {
        var path = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(path))
        {
            throw new InvalidOperationException(
                $"{variable} is not set: it names {what}. Run the tests through ./shop test, or run " +
                "`source deploy/local/servers.sh && source deploy/local/tools-docker.sh && ensure_docker_tools` in bash first.");
        }
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"{variable} names {path}, which does not exist; run ensure_docker_tools again.");
    }
}

public sealed record ToolResult(int ExitCode, string Output, string Error)
{
    public string Describe() => $"exit code {ExitCode}{Environment.NewLine}{Output}{Environment.NewLine}{Error}";
}

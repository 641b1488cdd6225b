using System.Diagnostics;

namespace Shop.Deployment.Tests.Monitoring;

/// <summary>
/// Prometheus' own checker, from the apt package <c>prometheus</c> (installed by <c>./shop test</c>), or the binary
/// that <c>SHOP_TEST_PROMTOOL</c> names.
/// </summary>
public static class Promtool
{
    private static readonly Lazy<string> s_executable = new(Find);

    /// <summary>Runs promtool to completion; returns its exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, params string[] arguments)
    {
        var info = new ProcessStartInfo(s_executable.Value)
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
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    private static string Find()
    {
        if (Environment.GetEnvironmentVariable("SHOP_TEST_PROMTOOL") is { Length: > 0 } configured)
        {
            return File.Exists(configured)
                ? configured
                : throw new InvalidOperationException($"SHOP_TEST_PROMTOOL names {configured}, which does not exist.");
        }
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "promtool"))
            .FirstOrDefault(File.Exists);
        return onPath ?? throw new InvalidOperationException(
            "promtool was not found on PATH: install the apt package 'prometheus' (./shop test does) or set SHOP_TEST_PROMTOOL.");
    }
}

using System.Diagnostics;

namespace Shop.Deployment.Tests.Helm;

/// <summary>
/// The chart under test and the tools that check it: helm (<c>SHOP_TEST_HELM</c>) and the kubernetes-models validators
/// (<c>SHOP_TEST_K8S_MODELS</c>), both installed by <c>ensure_helm_tools</c> in deploy/local/tools-helm.sh.
/// </summary>
public static class ChartTools
{
    public static string RepositoryRoot { get; } = RepositoryLayout.Root;

    public static string ChartDirectory => Path.Combine(RepositoryRoot, "helm", "shop");

    public static string ValidatorScript =>
        Path.Combine(RepositoryRoot, "tests", "Shop.Deployment.Tests", "Helm", "validator", "validate-manifests.mjs");

    public static string Helm => RequiredPath("SHOP_TEST_HELM", "the helm binary");

    public static string KubernetesModels => RequiredPath("SHOP_TEST_K8S_MODELS", "the validators' node_modules folder");

    public static async Task<ProcessResult> RunAsync(string executable, IEnumerable<string> arguments, string? standardInput = null)
    {
        var info = new ProcessStartInfo(executable)
        {
            WorkingDirectory = RepositoryRoot,
            RedirectStandardInput = standardInput is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {executable}");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException(
                $"could not start {executable} ({exception.Message}); ensure_helm_tools in deploy/local/tools-helm.sh installs helm and node.", exception);
        }
        using var owned = process;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
            process.StandardInput.Close();
        }
        // A guard against a hung tool, not a timing assertion: helm and node finish in well under a second here.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new ProcessResult(process.ExitCode, await output, await error);
    }

    private static string RequiredPath(string variable, string what)
    {
        var path = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(path))
        {
            throw new InvalidOperationException(
                $"{variable} is not set: it names {what}. Run the tests through ./shop test, or run " +
                "`source deploy/local/servers.sh && source deploy/local/tools-helm.sh && ensure_helm_tools` in bash first.");
        }
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new InvalidOperationException($"{variable} names {path}, which does not exist; run ensure_helm_tools again.");
        }
        return path;
    }
}

public sealed record ProcessResult(int ExitCode, string Output, string Error)
{
    public string Describe() => $"exit code {ExitCode}{Environment.NewLine}{Output}{Environment.NewLine}{Error}";
}

using System.Diagnostics;
using System.Text;

namespace Shop.Topology.Containers;

/// <summary>A Docker engine, driven through its own command-line client.</summary>
/// <param name="cli">The client binary (the engine's own version: /usr/bin/docker from docker.io).</param>
/// <param name="host">The engine's address, as <c>DOCKER_HOST</c> takes it (unix:///…/docker.sock).</param>
public sealed class DockerEngine(string cli, string host)
{
    public string Host { get; } = host;

    /// <summary>Runs <c>docker ARGS</c> to completion and returns what it printed.</summary>
    public async Task<DockerResult> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken = default)
    {
        var info = new ProcessStartInfo(cli)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        info.Environment["DOCKER_HOST"] = Host;
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {cli}");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return new DockerResult(process.ExitCode, await output, await error, string.Join(' ', info.ArgumentList));
    }

    /// <summary>Runs <c>docker ARGS</c> and fails with its output when it fails.</summary>
    public async Task<string> RunCheckedAsync(IEnumerable<string> arguments, CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(arguments, cancellationToken);
        return result.ExitCode == 0 ? result.Output : throw new InvalidOperationException(result.Describe());
    }
}

/// <summary>What one <c>docker</c> command printed and how it ended.</summary>
public sealed record DockerResult(int ExitCode, string Output, string Error, string Command)
{
    public string Describe()
    {
        var text = new StringBuilder($"docker {Command} exited with {ExitCode}");
        if (Output.Length > 0)
        {
            text.AppendLine().Append(Output.TrimEnd());
        }
        if (Error.Length > 0)
        {
            text.AppendLine().Append(Error.TrimEnd());
        }
        return text.ToString();
    }
}

using System.Globalization;
using System.Text.Json;
using Shop.Topology.Containers;

namespace Shop.Deployment.Tests.Compose;

/// <summary>What <c>docker inspect</c> says about one container of a compose project, as far as the compose run checks it.</summary>
/// <param name="Name">The container's name (project_service_1).</param>
/// <param name="Service">The compose service it runs.</param>
/// <param name="Status">running, restarting, exited, …</param>
/// <param name="Health">starting, healthy or unhealthy; null without a health check (the migration jobs).</param>
/// <param name="ExitCode">The exit code of its last run.</param>
/// <param name="RestartCount">How often the restart policy started it again.</param>
/// <param name="StartedAt">When its current run started.</param>
/// <param name="FinishedAt">When its last run ended; null while it has never ended.</param>
/// <param name="FirstHealthyAt">The end of the earliest passing probe the engine still keeps (it keeps five).</param>
/// <param name="LastProbeOutput">What the last probe printed.</param>
public sealed record ComposeContainer(
    string Name,
    string Service,
    string Status,
    string? Health,
    int ExitCode,
    int RestartCount,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    DateTimeOffset? FirstHealthyAt,
    string LastProbeOutput)
{
    public override string ToString() =>
        $"{Service}: {Status}{(Health is null ? "" : $" ({Health})")}, exit code {ExitCode}, restarts {RestartCount}" +
        (LastProbeOutput.Length > 0 ? $", last probe: {LastProbeOutput}" : "");
}

/// <summary>The containers of a compose project, read from the engine with <c>docker ps</c> and <c>docker inspect</c>.</summary>
public static class ComposeContainers
{
    /// <summary>Every container of a compose project, running or not.</summary>
    public static async Task<IReadOnlyList<ComposeContainer>> OfProjectAsync(DockerEngine docker, string project)
    {
        var ids = (await docker.RunCheckedAsync(["ps", "--all", "--quiet", "--no-trunc", "--filter", $"label=com.docker.compose.project={project}"]))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (ids.Length == 0)
        {
            return [];
        }
        // Compose may remove a container between the two commands (one it replaces while `up` runs): inspect then
        // exits 1 but still prints the others.
        var inspected = await docker.RunAsync(["inspect", .. ids]);
        using var document = JsonDocument.Parse(inspected.Output.Trim() is { Length: > 0 } json ? json : throw new InvalidOperationException(inspected.Describe()));
        return [.. document.RootElement.EnumerateArray().Select(Read)];
    }

    private static ComposeContainer Read(JsonElement container)
    {
        var state = container.GetProperty("State");
        string? health = null;
        DateTimeOffset? firstHealthy = null;
        var lastProbe = "";
        if (state.TryGetProperty("Health", out var healthElement) && healthElement.ValueKind == JsonValueKind.Object)
        {
            health = healthElement.GetProperty("Status").GetString();
            var probes = healthElement.GetProperty("Log").EnumerateArray().ToList();
            firstHealthy = probes.Where(p => p.GetProperty("ExitCode").GetInt32() == 0).Select(p => (DateTimeOffset?)Time(p.GetProperty("End"))).Min();
            lastProbe = probes.Count > 0 ? probes[^1].GetProperty("Output").GetString()?.Trim() ?? "" : "";
        }
        var finished = Time(state.GetProperty("FinishedAt"));
        return new ComposeContainer(
            container.GetProperty("Name").GetString()!.TrimStart('/'),
            container.GetProperty("Config").GetProperty("Labels").GetProperty("com.docker.compose.service").GetString()!,
            state.GetProperty("Status").GetString()!,
            health,
            state.GetProperty("ExitCode").GetInt32(),
            container.GetProperty("RestartCount").GetInt32(),
            Time(state.GetProperty("StartedAt")),
            finished.Year > 1 ? finished : null,
            firstHealthy,
            lastProbe);
    }

    /// <summary>The engine's RFC 3339 times carry nanoseconds; .NET reads them to the tick.</summary>
    private static DateTimeOffset Time(JsonElement value) =>
        DateTimeOffset.Parse(value.GetString() ?? throw new InvalidOperationException("the engine gave no time"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}

using Shop.Deployment.Tests.Docker;
using YamlDotNet.RepresentationModel;

namespace Shop.Deployment.Tests.Compose;

/// <summary>
/// docker-compose.yml as compose itself resolves it: the output of <c>docker-compose config</c> (anchors merged, variables
/// interpolated, paths absolute), parsed with YamlDotNet. Secrets are set to recognisable sentinel values, so tests can
/// tell where each one ends up.
/// </summary>
public sealed class ComposeProject
{
    public const string ComposeFile = "docker-compose.yml";
    public const string EnvExample = ".env.example";

    /// <summary>The override that swaps the official server images for the local stand-ins (deploy/compose/standins).</summary>
    public const string LocalServersFile = "deploy/compose/local-servers.yml";

    /// <summary>
    /// Variables of the machine that must not reach compose: a developer's own SHOP_* or COMPOSE_* settings (or a
    /// DOCKER_HOST) would otherwise change what the tests see.
    /// </summary>
    public static readonly string[] IsolatedVariablePrefixes = ["SHOP_", "COMPOSE_", "DOCKER_"];

    private static readonly Lazy<Task<ComposeProject>> s_resolved = new(() => ResolveAsync(WithSentinels()));

    private ComposeProject(YamlMappingNode root)
    {
        Root = root;
        Services = ((YamlMappingNode)root["services"]).Children
            .ToDictionary(entry => ((YamlScalarNode)entry.Key).Value!, entry => new ComposeService(((YamlScalarNode)entry.Key).Value!, (YamlMappingNode)entry.Value), StringComparer.Ordinal);
    }

    public YamlMappingNode Root { get; }

    public IReadOnlyDictionary<string, ComposeService> Services { get; }

    /// <summary>The settings in .env.example, in order: name → value (empty for the secrets, which have no default).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ExampleSettings() =>
        [.. Repository.ReadText(EnvExample)
            .Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !line.StartsWith('#'))
            .Select(line => line.Split('=', 2))
            .Select(parts => KeyValuePair.Create(parts[0], parts.Length > 1 ? parts[1] : ""))];

    /// <summary>Names of the required secrets: the settings .env.example leaves empty.</summary>
    public static IReadOnlyList<string> SecretNames() => [.. ExampleSettings().Where(s => s.Value.Length == 0).Select(s => s.Key)];

    /// <summary>A value that cannot occur by accident and is safe in a connection string or URI.</summary>
    public static string Sentinel(string name) => $"sentinel-{name.Replace('_', '-')}-value";

    /// <summary>.env.example with every secret set to its sentinel.</summary>
    public static string WithSentinels() =>
        string.Join('\n', ExampleSettings().Select(s => $"{s.Key}={(s.Value.Length == 0 ? Sentinel(s.Key) : s.Value)}")) + "\n";

    /// <summary>The resolved project with every secret set to its sentinel, computed once for all tests.</summary>
    public static Task<ComposeProject> ResolvedAsync() => s_resolved.Value;

    /// <summary>
    /// Runs <c>docker-compose [options] config [configOptions]</c> with the given .env content and nothing from the
    /// environment.
    /// </summary>
    public static async Task<ToolResult> ConfigAsync(string envFileContent, IEnumerable<string>? options = null, IEnumerable<string>? configOptions = null)
    {
        var envFile = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(envFile, envFileContent);
            return await ConfigWithEnvFileAsync(envFile, options, configOptions);
        }
        finally
        {
            File.Delete(envFile);
        }
    }

    public static Task<ToolResult> ConfigWithEnvFileAsync(string envFile, IEnumerable<string>? options = null, IEnumerable<string>? configOptions = null) =>
        ContainerTools.RunAsync(
            ContainerTools.DockerCompose,
            ["--env-file", envFile, "-f", Repository.PathOf(ComposeFile), .. options ?? [], "config", .. configOptions ?? []],
            Repository.Root,
            IsolatedVariablePrefixes);

    /// <summary>The project as compose resolves it with the given .env content and options (more <c>-f</c> files, say).</summary>
    public static async Task<ComposeProject> ResolveAsync(string envFileContent, IEnumerable<string>? options = null)
    {
        var result = await ConfigAsync(envFileContent, options);
        Assert.True(result.ExitCode == 0, $"docker-compose config failed: {result.Describe()}");
        var stream = new YamlStream();
        stream.Load(new StringReader(result.Output));
        return new ComposeProject((YamlMappingNode)stream.Documents[0].RootNode);
    }

    /// <summary>The services compose starts for a profile: those without profiles and those in it.</summary>
    public HashSet<string> Active(string profile) =>
        Services.Values.Where(s => s.Profiles.Count == 0 || s.Profiles.Contains(profile)).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
}

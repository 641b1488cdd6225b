using YamlDotNet.RepresentationModel;

namespace Shop.Deployment.Tests.Compose;

/// <summary>
/// One service of the resolved compose project. Accepts both spellings compose uses for the same thing (short and long
/// port and volume syntax, a disabled health check as <c>disable: true</c> or <c>test: [NONE]</c>), so the tests do not
/// depend on which compose version printed the configuration.
/// </summary>
public sealed class ComposeService(string name, YamlMappingNode node)
{
    public string Name { get; } = name;

    public YamlMappingNode Node { get; } = node;

    public IReadOnlyList<string> Profiles => Sequence("profiles");

    public string? Image => Scalar(Node, "image");

    public string? Restart => Scalar(Node, "restart");

    public IReadOnlyList<string> Command => Sequence("command");

    public string? BuildTarget => Child("build") is YamlMappingNode build ? Scalar(build, "target") : null;

    public string? BuildDockerfile => Child("build") is YamlMappingNode build ? Scalar(build, "dockerfile") : null;

    public string? BuildContext => Child("build") is YamlMappingNode build ? Scalar(build, "context") : null;

    public bool ReadOnly => Scalar(Node, "read_only") is "true" or "True";

    public IReadOnlyList<string> Tmpfs => Sequence("tmpfs");

    public IReadOnlyList<string> CapDrop => Sequence("cap_drop");

    public IReadOnlyList<string> SecurityOptions => Sequence("security_opt");

    public IReadOnlyDictionary<string, string> Environment =>
        Child("environment") is YamlMappingNode environment
            ? environment.Children.ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => ((YamlScalarNode)e.Value).Value ?? "", StringComparer.Ordinal)
            : new Dictionary<string, string>();

    /// <summary>Service name → condition (service_started when compose was given a plain list).</summary>
    public IReadOnlyDictionary<string, string> DependsOn => Child("depends_on") switch
    {
        YamlMappingNode map => map.Children.ToDictionary(
            e => ((YamlScalarNode)e.Key).Value!,
            e => e.Value is YamlMappingNode condition ? Scalar(condition, "condition") ?? "service_started" : "service_started",
            StringComparer.Ordinal),
        YamlSequenceNode list => list.Children.ToDictionary(e => ((YamlScalarNode)e).Value!, _ => "service_started", StringComparer.Ordinal),
        _ => new Dictionary<string, string>(),
    };

    /// <summary>The health check command, or null when the service has none of its own or has it disabled.</summary>
    public IReadOnlyList<string>? HealthcheckTest
    {
        get
        {
            if (Child("healthcheck") is not YamlMappingNode healthcheck || Scalar(healthcheck, "disable") is "true" or "True")
            {
                return null;
            }
            var test = healthcheck.Children.TryGetValue(new YamlScalarNode("test"), out var value) ? value : null;
            IReadOnlyList<string>? words = test switch
            {
                YamlSequenceNode sequence => [.. sequence.Children.Select(c => ((YamlScalarNode)c).Value ?? "")],
                YamlScalarNode scalar => ["CMD-SHELL", scalar.Value ?? ""],
                _ => null,
            };
            return words is null || words.Count == 0 || words[0] == "NONE" ? null : words;
        }
    }

    /// <summary>True when the service turns a health check off explicitly (a one-shot job in a server image).</summary>
    public bool HealthcheckDisabled =>
        Child("healthcheck") is YamlMappingNode healthcheck
        && (Scalar(healthcheck, "disable") is "true" or "True"
            || (healthcheck.Children.TryGetValue(new YamlScalarNode("test"), out var test) && test is YamlSequenceNode { Children: [YamlScalarNode { Value: "NONE" }, ..] }));

    public IReadOnlyList<PortBinding> Ports =>
        Child("ports") is YamlSequenceNode ports ? [.. ports.Children.Select(PortBinding.Parse)] : [];

    public IReadOnlyList<VolumeMount> Volumes =>
        Child("volumes") is YamlSequenceNode volumes ? [.. volumes.Children.Select(VolumeMount.Parse)] : [];

    /// <summary>Names the service answers to on the default network besides its own.</summary>
    public IReadOnlyList<string> NetworkAliases =>
        Child("networks") is YamlMappingNode networks
        && networks.Children.TryGetValue(new YamlScalarNode("default"), out var network)
        && network is YamlMappingNode settings
        && settings.Children.TryGetValue(new YamlScalarNode("aliases"), out var aliases)
        && aliases is YamlSequenceNode list
            ? [.. list.Children.Select(a => ((YamlScalarNode)a).Value!)]
            : [];

    public override string ToString() => Name;

    private YamlNode? Child(string key) => Node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private IReadOnlyList<string> Sequence(string key) => Child(key) switch
    {
        YamlSequenceNode sequence => [.. sequence.Children.Select(c => ((YamlScalarNode)c).Value ?? "")],
        YamlScalarNode scalar => [scalar.Value ?? ""],
        _ => [],
    };

    private static string? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;
}

/// <summary>A published port: host address (empty for every address), host port and container port.</summary>
public sealed record PortBinding(string HostIp, string Published, string Target)
{
    public static PortBinding Parse(YamlNode node)
    {
        if (node is YamlMappingNode map)
        {
            string Get(string key) => map.Children.TryGetValue(new YamlScalarNode(key), out var v) ? ((YamlScalarNode)v).Value ?? "" : "";
            return new PortBinding(Get("host_ip"), Get("published"), Get("target"));
        }
        // Short syntax: [ip:]published:target[/protocol]
        var text = ((YamlScalarNode)node).Value!.Split('/')[0];
        var parts = text.Split(':');
        return parts.Length switch
        {
            3 => new PortBinding(parts[0], parts[1], parts[2]),
            2 => new PortBinding("", parts[0], parts[1]),
            _ => new PortBinding("", "", parts[0]),
        };
    }
}

/// <summary>A volume or bind mount: source (absolute path for a bind mount, name for a volume), target, read-only.</summary>
public sealed record VolumeMount(string Source, string Target, bool ReadOnly)
{
    public static VolumeMount Parse(YamlNode node)
    {
        if (node is YamlMappingNode map)
        {
            string Get(string key) => map.Children.TryGetValue(new YamlScalarNode(key), out var v) ? ((YamlScalarNode)v).Value ?? "" : "";
            return new VolumeMount(Get("source"), Get("target"), Get("read_only") is "true" or "True");
        }
        var parts = ((YamlScalarNode)node).Value!.Split(':');
        return new VolumeMount(parts[0], parts.Length > 1 ? parts[1] : parts[0], parts.Length > 2 && parts[2].Split(',').Contains("ro"));
    }
}

using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Shop.Deployment.Tests.Helm;

/// <summary>The objects of a helm template run, as YAML trees (YamlDotNet), with the lookups the tests need.</summary>
public sealed class Manifests
{
    private Manifests(string text, IReadOnlyList<KubeObject> objects)
    {
        Text = text;
        Objects = objects;
    }

    public string Text { get; }

    public IReadOnlyList<KubeObject> Objects { get; }

    public static Manifests Parse(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var objects = stream.Documents
            .Select(document => document.RootNode)
            .OfType<YamlMappingNode>()
            .Select(root => new KubeObject(root))
            .ToList();
        return new Manifests(text, objects);
    }

    public IEnumerable<KubeObject> OfKind(string kind) => Objects.Where(o => o.Kind == kind);

    public KubeObject Named(string kind, string name)
    {
        var matches = Objects.Where(o => o.Kind == kind && o.Name == name).ToList();
        Assert.True(matches.Count == 1, $"expected one {kind} named {name}, found {matches.Count}; rendered: " +
            string.Join(", ", Objects.Select(o => $"{o.Kind}/{o.Name}")));
        return matches[0];
    }

    public KubeObject? Find(string kind, string name) => Objects.SingleOrDefault(o => o.Kind == kind && o.Name == name);
}

/// <summary>One rendered object. Paths are mapping keys, or indexes into sequences.</summary>
public sealed class KubeObject(YamlMappingNode root)
{
    public YamlMappingNode Root { get; } = root;

    public string Kind => Scalar("kind") ?? "";

    public string ApiVersion => Scalar("apiVersion") ?? "";

    public string Name => Scalar("metadata", "name") ?? "";

    public IReadOnlyDictionary<string, string> Labels => StringMap(Node("metadata", "labels"));

    public IReadOnlyDictionary<string, string> Annotations => StringMap(Node("metadata", "annotations"));

    public string? Component => Labels.GetValueOrDefault("app.kubernetes.io/component");

    /// <summary>The pod template's spec of a workload (or a Pod's own spec).</summary>
    public YamlMappingNode PodSpec => Kind switch
    {
        "Pod" => Map("spec"),
        "CronJob" => Map("spec", "jobTemplate", "spec", "template", "spec"),
        "Deployment" or "StatefulSet" or "DaemonSet" or "Job" => Map("spec", "template", "spec"),
        _ => throw new InvalidOperationException($"{Kind} has no pod template"),
    };

    public IReadOnlyDictionary<string, string> PodLabels => Kind switch
    {
        "Pod" => Labels,
        "CronJob" => StringMap(Node("spec", "jobTemplate", "spec", "template", "metadata", "labels")),
        _ => StringMap(Node("spec", "template", "metadata", "labels")),
    };

    public IEnumerable<YamlMappingNode> Containers => Sequence(PodSpec, "containers").Cast<YamlMappingNode>();

    public IEnumerable<YamlMappingNode> InitContainers =>
        Get(PodSpec, "initContainers") is YamlSequenceNode init ? init.Cast<YamlMappingNode>() : [];

    public YamlNode? Node(params object[] path) => Get(Root, path);

    public string? Scalar(params object[] path) => (Node(path) as YamlScalarNode)?.Value;

    public YamlMappingNode Map(params object[] path) =>
        Node(path) as YamlMappingNode ?? throw new InvalidOperationException($"{Kind}/{Name} has no mapping at {string.Join('.', path)}");

    public override string ToString() => $"{Kind}/{Name}";

    public static YamlNode? Get(YamlNode node, params object[] path)
    {
        YamlNode? current = node;
        foreach (var step in path)
        {
            current = (current, step) switch
            {
                (YamlMappingNode map, string key) => map.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null,
                (YamlSequenceNode list, int index) => index < list.Children.Count ? list.Children[index] : null,
                _ => null,
            };
            if (current is null)
            {
                return null;
            }
        }
        return current;
    }

    public static string? ScalarAt(YamlNode node, params object[] path) => (Get(node, path) as YamlScalarNode)?.Value;

    public static IEnumerable<YamlNode> Sequence(YamlNode node, params object[] path) =>
        Get(node, path) as YamlSequenceNode ?? (IEnumerable<YamlNode>)[];

    public static IReadOnlyDictionary<string, string> StringMap(YamlNode? node) =>
        node is YamlMappingNode map
            ? map.Children.ToDictionary(
                pair => ((YamlScalarNode)pair.Key).Value ?? "",
                pair => (pair.Value as YamlScalarNode)?.Value ?? "",
                StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>A container's environment: name to literal value (null for a valueFrom reference).</summary>
    public static IReadOnlyDictionary<string, YamlMappingNode> Env(YamlMappingNode container) =>
        Sequence(container, "env").Cast<YamlMappingNode>()
            .ToDictionary(entry => ScalarAt(entry, "name") ?? "", entry => entry, StringComparer.Ordinal);

    public static int IntAt(YamlNode node, params object[] path) =>
        int.Parse(ScalarAt(node, path) ?? throw new InvalidOperationException($"no value at {string.Join('.', path)}"), CultureInfo.InvariantCulture);
}

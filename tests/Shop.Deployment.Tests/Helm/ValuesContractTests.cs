using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Shop.Deployment.Tests.Helm;

/// <summary>values.yaml, values.schema.json and the README agree: unknown keys are refused, every key is documented.</summary>
public sealed partial class ValuesContractTests
{
    public static TheoryData<string, string> BadValues => new()
    {
        { "unknown top-level key", "replicas: 3\n" },
        { "misspelt nested key", "components:\n  catalog:\n    replicaCout: 3\n" },
        { "unknown key in a structured object", "postgresql:\n  persistence:\n    sise: 10Gi\n" },
        { "unknown mode", "mode: hybrid\n" },
        { "component that does not exist", "components:\n  payments:\n    replicaCount: 1\n" },
        { "quantity that is not one", "components:\n  cart:\n    resources:\n      limits:\n        cpu: lots\n" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task LintAndTemplate_BadValuesFile_FailOnTheSchema(string what, string values)
    {
        var file = Path.Combine(Path.GetTempPath(), $"shop-values-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, values);
        try
        {
            var lint = await ShopChart.LintAsync("--values", file);
            var template = await ShopChart.TemplateAsync("--values", file);

            Assert.True(lint.ExitCode != 0, $"helm lint accepted a values file with {what}: {lint.Describe()}");
            Assert.True(template.ExitCode != 0, $"helm template accepted a values file with {what}");
            Assert.Contains("schema", template.Error, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Schema_EveryObject_RefusesUnknownKeys()
    {
        var schema = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(ChartTools.ChartDirectory, "values.schema.json")))!;
        var lenient = new List<string>();

        Walk(schema, "#", lenient);

        Assert.Empty(lenient);
    }

    [Fact]
    public async Task ValuesYaml_EveryKey_HasAParamComment()
    {
        var text = await File.ReadAllTextAsync(Path.Combine(ChartTools.ChartDirectory, "values.yaml"));
        var documented = Params(text).ToHashSet(StringComparer.Ordinal);

        var undocumented = LeafPaths(Root(text), "", documented).Where(path => !documented.Contains(path)).ToList();

        Assert.Empty(undocumented);
        var unknown = documented.Where(param => !AllPaths(Root(text), "").Contains(param)).ToList();
        Assert.Empty(unknown); // a @param for a key that no longer exists
    }

    [Fact]
    public async Task Readme_ValuesTable_ListsEveryParam()
    {
        var values = await File.ReadAllTextAsync(Path.Combine(ChartTools.ChartDirectory, "values.yaml"));
        var readme = await File.ReadAllTextAsync(Path.Combine(ChartTools.ChartDirectory, "README.md"));
        var rows = ReadmeRowPattern().Matches(readme).Select(match => match.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

        var documented = Params(values).ToHashSet(StringComparer.Ordinal);
        Assert.DoesNotContain(documented, param => !rows.Contains(param));
        Assert.DoesNotContain(rows, row => !documented.Contains(row));
    }

    [Theory]
    [InlineData("values-blackfriday.yaml")]
    [InlineData("values-minikube.yaml")]
    public async Task ValuesFile_EveryKey_ExistsInValuesYaml(string file)
    {
        var defaults = AllPaths(Root(await File.ReadAllTextAsync(Path.Combine(ChartTools.ChartDirectory, "values.yaml"))), "");
        var overrides = AllPaths(Root(await File.ReadAllTextAsync(Path.Combine(ChartTools.ChartDirectory, file))), "");

        Assert.NotEmpty(overrides);
        Assert.DoesNotContain(overrides, path => !defaults.Contains(path) && !IsInsideMap(path));
    }

    /// <summary>Free-form maps (env, labels, annotations, selectors) take any key by design.</summary>
    private static bool IsInsideMap(string path) => MapPattern().IsMatch(path);

    private static void Walk(JsonNode? node, string pointer, List<string> lenient)
    {
        switch (node)
        {
            case JsonObject obj:
                var isObjectSchema = obj["properties"] is not null || (obj["type"] is JsonValue type && type.ToString() == "object");
                if (isObjectSchema && !pointer.EndsWith("/properties", StringComparison.Ordinal))
                {
                    var additional = obj["additionalProperties"];
                    // false: a fixed set of keys; a schema: a map whose values are constrained (labels, env, selectors).
                    var strict = additional is JsonValue value ? value.GetValueKind() == System.Text.Json.JsonValueKind.False : additional is JsonObject;
                    if (!strict)
                    {
                        lenient.Add(pointer);
                    }
                }
                foreach (var (key, child) in obj)
                {
                    Walk(child, $"{pointer}/{key}", lenient);
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(array[i], $"{pointer}/{i}", lenient);
                }
                break;
        }
    }

    private static YamlMappingNode Root(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static IEnumerable<string> Params(string valuesYaml) =>
        ParamPattern().Matches(valuesYaml).Select(match => match.Groups[1].Value);

    /// <summary>Keys to document: a mapping documented as a whole (a free-form map) counts as one.</summary>
    private static IEnumerable<string> LeafPaths(YamlMappingNode map, string prefix, HashSet<string> documented)
    {
        foreach (var (key, value) in map.Children)
        {
            var path = prefix + ((YamlScalarNode)key).Value;
            if (value is YamlMappingNode child && child.Children.Count > 0 && !documented.Contains(path))
            {
                foreach (var leaf in LeafPaths(child, path + ".", documented))
                {
                    yield return leaf;
                }
            }
            else
            {
                yield return path;
            }
        }
    }

    private static HashSet<string> AllPaths(YamlMappingNode map, string prefix)
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in map.Children)
        {
            var path = prefix + ((YamlScalarNode)key).Value;
            paths.Add(path);
            if (value is YamlMappingNode child)
            {
                paths.UnionWith(AllPaths(child, path + "."));
            }
        }
        return paths;
    }

    [GeneratedRegex(@"(?m)^\s*## @param (\S+) ")]
    private static partial Regex ParamPattern();

    [GeneratedRegex(@"(?m)^\| `([^`]+)` \|")]
    private static partial Regex ReadmeRowPattern();

    [GeneratedRegex(@"(^|\.)(env|podAnnotations|annotations|labels|commonLabels|nodeSelector|namespaceSelector|podSelector)\.")]
    private static partial Regex MapPattern();
}

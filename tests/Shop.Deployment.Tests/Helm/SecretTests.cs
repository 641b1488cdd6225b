using YamlDotNet.RepresentationModel;
using static Shop.Deployment.Tests.Helm.KubeObject;

namespace Shop.Deployment.Tests.Helm;

/// <summary>Keys and passwords live in the Secret only; pods reference it, ConfigMaps never hold them.</summary>
public sealed class SecretTests
{
    // Distinctive values, so finding one anywhere is proof of a leak rather than a coincidence.
    private static readonly Dictionary<string, string> GivenSecrets = new(StringComparer.Ordinal)
    {
        ["signingKey"] = "U2lnbmluZ0tleUZvclRoZUhlbG1UZXN0c09ubHkxMjM0NTY3ODk=",
        ["adminKey"] = "admin-key-9f1c2e7a",
        ["postgresPassword"] = "pgPassword7d41b0c3",
        ["rabbitmqPassword"] = "mqPassword5e90aa12",
        ["redisPassword"] = "redisPassword2b7c44e1",
    };

    public static TheoryData<string> Modes => new(ShopChart.Modes);

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task ConfigMaps_GivenSecretValues_NeverContainThem(string mode)
    {
        var manifests = await ShopChart.RenderAsync(
        [
            "--set", $"mode={mode}", "--set", "redis.auth.enabled=true", "--set", "loadTest.enabled=true",
            .. GivenSecrets.SelectMany(pair => new[] { "--set", $"secrets.{pair.Key}={pair.Value}" }),
            .. ShopChart.WithOptionalApis(),
        ]);
        var secretText = Serialize(manifests.Named("Secret", "shop").Root);
        var configMaps = manifests.OfKind("ConfigMap").ToList();

        Assert.NotEmpty(configMaps);
        foreach (var value in GivenSecrets.Values)
        {
            Assert.Contains(value, secretText, StringComparison.Ordinal); // the values did reach the chart
            Assert.All(configMaps, configMap => Assert.DoesNotContain(value, Serialize(configMap.Root), StringComparison.Ordinal));
            // Nor in any literal env value: pods get them through secretKeyRef.
            Assert.All(manifests.Objects.Where(o => o.Kind != "Secret"), o => Assert.DoesNotContain(value, Serialize(o.Root), StringComparison.Ordinal));
        }
        Assert.All(configMaps.SelectMany(configMap => StringMap(configMap.Node("data"))), pair =>
        {
            Assert.DoesNotContain("Password=", pair.Value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("SigningKey", pair.Key, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("AdminKey", pair.Key, StringComparison.OrdinalIgnoreCase);
        });
    }

    [Fact]
    public async Task Secret_Generated_HoldsABase64SigningKeyOfAtLeast32Bytes()
    {
        var manifests = await ShopChart.RenderAsync("--set", "mode=microservices");

        var signingKey = manifests.Named("Secret", "shop").Scalar("stringData", "signing-key") ?? "";

        Assert.True(Convert.FromBase64String(signingKey).Length >= 32, $"signing key of {signingKey.Length} base64 characters is too short");
        foreach (var key in new[] { "admin-key", "postgres-password", "rabbitmq-password" })
        {
            Assert.True(manifests.Named("Secret", "shop").Scalar("stringData", key) is { Length: >= 16 }, $"{key} is missing or short");
        }
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task ExistingSecret_Set_RendersNoSecretAndEveryReferenceUsesIt(string mode)
    {
        var manifests = await ShopChart.RenderAsync(
            ["--set", $"mode={mode}", "--set", "secrets.existingSecret=shop-credentials", "--set", "loadTest.enabled=true", .. ShopChart.WithOptionalApis()]);

        Assert.Empty(manifests.OfKind("Secret"));
        var references = manifests.Objects.SelectMany(o => SecretReferences(o.Root)).ToList();
        Assert.NotEmpty(references);
        Assert.All(references, name => Assert.Equal("shop-credentials", name));
    }

    private static IEnumerable<string> SecretReferences(YamlNode node) => node switch
    {
        YamlMappingNode map when Get(map, "secretKeyRef") is YamlMappingNode reference => [ScalarAt(reference, "name") ?? ""],
        YamlMappingNode map when Get(map, "secretTargetRef") is YamlSequenceNode targets => targets.Select(t => ScalarAt(t, "name") ?? ""),
        YamlMappingNode map => map.Children.Values.SelectMany(SecretReferences),
        YamlSequenceNode list => list.Children.SelectMany(SecretReferences),
        _ => [],
    };

    private static string Serialize(YamlNode node)
    {
        var writer = new StringWriter();
        new YamlStream(new YamlDocument(node)).Save(writer, assignAnchors: false);
        return writer.ToString();
    }
}

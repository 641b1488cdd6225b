using System.Text.RegularExpressions;
using Shop.Deployment.Tests.Docker;
using YamlDotNet.RepresentationModel;

namespace Shop.Deployment.Tests.Compose;

/// <summary>
/// deploy/compose/local-servers.yml and the stand-ins it runs (deploy/compose/standins), offline: the override changes
/// only the server images and keeps Grafana (no Debian package) out of both profiles; each stand-in is built by
/// ./shop images from the local Debian base and runs as a non-root user; the published ports can be moved, so a run
/// next to another one (ComposeUpTests) collides with nothing.
/// </summary>
public sealed partial class LocalServersTests
{
    private const string StandinsFolder = "deploy/compose/standins";

    /// <summary>Server → the name of its image in docker-compose.yml before the tag.</summary>
    public static TheoryData<string, string> Servers => new()
    {
        { "postgres", "postgres" },
        { "redis", "redis" },
        { "rabbitmq", "rabbitmq" },
        { "prometheus", "prom/prometheus" },
    };

    public static TheoryData<string> ServerNames => [.. Servers.Select(row => (string)row[0])];

    private static readonly Lazy<Task<ComposeProject>> s_withStandins = new(() =>
        ComposeProject.ResolveAsync(ComposeProject.WithSentinels(), ["-f", Repository.PathOf(ComposeProject.LocalServersFile)]));

    [Fact]
    public async Task Override_ChangesOnlyTheServerImagesAndGrafanasProfile()
    {
        var official = await ComposeProject.ResolvedAsync();
        var local = await s_withStandins.Value;
        var servers = Servers.Select(row => (string)row[0]).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(official.Services.Keys.Order(StringComparer.Ordinal), local.Services.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, service) in official.Services)
        {
            var changed = local.Services[name];
            var allowed = servers.Contains(name) ? "image" : name == "grafana" ? "profiles" : null;
            Assert.Equal(SerializeWithout(service.Node, allowed), SerializeWithout(changed.Node, allowed));
        }
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task Override_Server_RunsTheStandinThatShopImagesBuilds(string server, string officialImage)
    {
        var official = (await ComposeProject.ResolvedAsync()).Services[server];
        var local = (await s_withStandins.Value).Services[server];

        Assert.StartsWith(officialImage + ":", official.Image, StringComparison.Ordinal);
        Assert.Contains(local.Image, StandinImages());
        Assert.StartsWith($"shop-standin/{server}:", local.Image, StringComparison.Ordinal);
        Assert.True(File.Exists(Repository.PathOf($"{StandinsFolder}/{server}.Dockerfile")), $"no {StandinsFolder}/{server}.Dockerfile");
    }

    [Fact]
    public void ShopImages_BuildsEveryStandin_AndOnlyThose()
    {
        var dockerfiles = Directory.EnumerateFiles(Repository.PathOf(StandinsFolder), "*.Dockerfile").Select(f => Path.GetFileName(f)[..^".Dockerfile".Length]);

        Assert.Equal(dockerfiles.Order(StringComparer.Ordinal), StandinImages().Select(i => i["shop-standin/".Length..].Split(':')[0]).Order(StringComparer.Ordinal));
        Assert.Equal(Servers.Select(row => (string)row[0]).Order(StringComparer.Ordinal), dockerfiles.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ComposeFileTests.Profiles), MemberType = typeof(ComposeFileTests))]
    public async Task Override_Grafana_RunsInNeitherProfile(string profile)
    {
        var local = await s_withStandins.Value;

        Assert.DoesNotContain("grafana", local.Active(profile));
        Assert.Contains("grafana", (await ComposeProject.ResolvedAsync()).Active(profile));
    }

    [Theory]
    [MemberData(nameof(ServerNames))]
    public void Standin_Dockerfile_BuildsFromTheLocalDebianBaseAsANonRootUser(string server)
    {
        var path = $"{StandinsFolder}/{server}.Dockerfile";
        var dockerfile = Dockerfile.Load(Repository.PathOf(path));

        var stage = Assert.Single(dockerfile.Stages);
        Assert.Equal("${BASE_IMAGE}", stage.DeclaredBaseImage);
        Assert.Equal("shop-base/debian:bookworm", dockerfile.GlobalArguments["BASE_IMAGE"]);
        var user = dockerfile.Effective(stage, "USER");
        Assert.NotNull(user);
        Assert.NotEqual("root", user.Arguments);
        Assert.NotEqual("0", user.Arguments);
        // A syntax line would make BuildKit pull a frontend image from a registry.
        Assert.DoesNotMatch(@"(?im)^#\s*syntax\s*=", Repository.ReadText(path));
    }

    [Fact]
    public void Standins_EveryEntrypointScript_IsExecutableAndStrict()
    {
        var scripts = Directory.GetFiles(Repository.PathOf(StandinsFolder), "*.sh");

        Assert.NotEmpty(scripts);
        Assert.All(scripts, script =>
        {
            // COPY keeps the mode, so the image runs the script as it is in the repository.
            if (!OperatingSystem.IsWindows())
            {
                Assert.True(File.GetUnixFileMode(script).HasFlag(UnixFileMode.UserExecute), $"{script} is not executable");
            }
            Assert.Contains("set -euo pipefail", File.ReadAllText(script), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Ports_ThePublishedPorts_AreSettingsThatStayOnLoopback()
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["SHOP_GATEWAY_PORT"] = "38080",
            ["SHOP_PROMETHEUS_PORT"] = "39090",
            ["SHOP_GRAFANA_PORT"] = "33000",
            ["SHOP_RABBITMQ_CONSOLE_PORT"] = "35672",
        };
        var env = string.Join('\n', ComposeProject.WithSentinels().Split('\n')
            .Select(line => settings.TryGetValue(line.Split('=', 2)[0], out var value) ? $"{line.Split('=', 2)[0]}={value}" : line));

        var project = await ComposeProject.ResolveAsync(env);

        Assert.Equal(("", "38080"), Published(project, "gateway"));
        Assert.Equal(("", "38080"), Published(project, "gateway-monolith"));
        Assert.Equal(("127.0.0.1", "39090"), Published(project, "prometheus"));
        Assert.Equal(("127.0.0.1", "33000"), Published(project, "grafana"));
        Assert.Equal(("127.0.0.1", "35672"), Published(project, "rabbitmq"));
        Assert.All(settings.Keys, name => Assert.Contains(ComposeProject.ExampleSettings(), s => s.Key == name));
    }

    private static (string HostIp, string Published) Published(ComposeProject project, string service)
    {
        var port = Assert.Single(project.Services[service].Ports);
        return (port.HostIp, port.Published);
    }

    /// <summary>The stand-in images deploy/local/images.sh builds (SHOP_STANDIN_IMAGES), as shop-standin/name:tag.</summary>
    private static List<string> StandinImages()
    {
        var declared = StandinImagesPattern().Match(Repository.ReadText("deploy/local/images.sh"));
        Assert.True(declared.Success, "deploy/local/images.sh declares no SHOP_STANDIN_IMAGES");
        return [.. declared.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(entry => $"shop-standin/{entry}")];
    }

    /// <summary>
    /// A service as YAML text without one of its keys, to compare the rest; list items in a fixed order, since merging
    /// an override reorders lists such as volumes.
    /// </summary>
    private static string SerializeWithout(YamlMappingNode node, string? key)
    {
        var copy = new YamlMappingNode();
        foreach (var (childKey, value) in node.Children.Where(c => ((YamlScalarNode)c.Key).Value != key))
        {
            copy.Add(childKey, value is YamlSequenceNode list ? new YamlSequenceNode(list.Children.OrderBy(Serialize, StringComparer.Ordinal)) : value);
        }
        return Serialize(copy);
    }

    private static string Serialize(YamlNode node)
    {
        using var writer = new StringWriter();
        new YamlStream(new YamlDocument(node)).Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    [GeneratedRegex(@"(?m)^SHOP_STANDIN_IMAGES=\(([^)]*)\)")]
    private static partial Regex StandinImagesPattern();
}

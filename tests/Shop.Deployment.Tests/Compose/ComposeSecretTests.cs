using System.Text.RegularExpressions;
using Shop.Deployment.Tests.Docker;

namespace Shop.Deployment.Tests.Compose;

/// <summary>
/// Secrets reach the containers only from the environment (.env, written by deploy/compose/new-env.sh and never
/// committed): none is written in docker-compose.yml, none has a default, and every credential the resolved
/// configuration holds is one of them.
/// </summary>
public sealed partial class ComposeSecretTests
{
    [Fact]
    public async Task ResolvedConfig_EveryCredential_IsASecretFromTheEnvironment()
    {
        var project = await ComposeProject.ResolvedAsync();
        var sentinels = ComposeProject.SecretNames().Select(ComposeProject.Sentinel).ToHashSet(StringComparer.Ordinal);

        var credentials = project.Services.Values.SelectMany(Credentials).ToList();

        Assert.NotEmpty(credentials);
        Assert.All(credentials, c => Assert.True(sentinels.Contains(c.Value), $"{c.Where} holds '{c.Value}', not a secret from .env"));
    }

    [Fact]
    public async Task ResolvedConfig_EverySecretOfTheExample_IsUsed()
    {
        var project = await ComposeProject.ResolvedAsync();
        var everything = string.Join('\n', project.Services.Values.SelectMany(s => s.Environment.Values.Concat(s.Command)));

        Assert.All(ComposeProject.SecretNames(), name => Assert.Contains(ComposeProject.Sentinel(name), everything, StringComparison.Ordinal));
    }

    [Fact]
    public void ComposeFile_SecretVariables_AreRequiredWithoutDefault()
    {
        var text = Repository.ReadText(ComposeProject.ComposeFile);
        var secrets = ComposeProject.SecretNames().ToHashSet(StringComparer.Ordinal);

        var references = VariableReference().Matches(text).Where(m => secrets.Contains(m.Groups["name"].Value)).ToList();

        Assert.NotEmpty(references);
        // ${NAME:?message}: compose stops with the message when NAME is unset or empty; never ${NAME:-default} or ${NAME}.
        Assert.All(references, r => Assert.True(r.Groups["operator"].Value == ":?", $"{r.Value} must be ${{{r.Groups["name"].Value}:?...}}"));
    }

    [Fact]
    public void EnvExample_EverySecretLookingSetting_IsLeftEmpty()
    {
        var settings = ComposeProject.ExampleSettings();

        Assert.All(settings.Where(s => SecretName().IsMatch(s.Key)), s => Assert.True(s.Value.Length == 0, $"{s.Key} has a value in .env.example"));
        Assert.Contains("SHOP_SIGNING_KEY", ComposeProject.SecretNames());
    }

    [Fact]
    public async Task NewEnvScript_WritesEverySecret_AndComposeAcceptsTheFile()
    {
        var directory = Directory.CreateTempSubdirectory("shop-env-");
        try
        {
            var envFile = Path.Combine(directory.FullName, ".env");

            var script = await ContainerTools.RunAsync("bash", [Repository.PathOf("deploy/compose/new-env.sh"), envFile], directory.FullName);
            var config = await ComposeProject.ConfigWithEnvFileAsync(envFile, configOptions: ["-q"]);

            Assert.True(script.ExitCode == 0, script.Describe());
            Assert.True(config.ExitCode == 0, config.Describe());
            var written = File.ReadAllLines(envFile).Where(l => l.Contains('=', StringComparison.Ordinal) && !l.StartsWith('#'))
                .Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
            Assert.All(ComposeProject.SecretNames(), name => Assert.Matches("^[A-Za-z0-9_+/=-]{32,}$", written[name]));
            // The services require a base64 signing key of at least 32 bytes.
            Assert.True(Convert.FromBase64String(written["SHOP_SIGNING_KEY"]).Length >= 32);
            Assert.Equal(ComposeProject.SecretNames().Count, ComposeProject.SecretNames().Select(n => written[n]).Distinct().Count());
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(envFile));
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task NewEnvScript_ExistingFile_IsLeftAlone()
    {
        var directory = Directory.CreateTempSubdirectory("shop-env-");
        try
        {
            var envFile = Path.Combine(directory.FullName, ".env");
            await File.WriteAllTextAsync(envFile, "SHOP_ADMIN_KEY=mine\n");

            var script = await ContainerTools.RunAsync("bash", [Repository.PathOf("deploy/compose/new-env.sh"), envFile], directory.FullName);

            Assert.NotEqual(0, script.ExitCode);
            Assert.Equal("SHOP_ADMIN_KEY=mine\n", await File.ReadAllTextAsync(envFile));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void GitIgnore_KeepsTheEnvFileOutOfTheRepository()
    {
        var patterns = Repository.ReadText(".gitignore").Split('\n', StringSplitOptions.TrimEntries);

        Assert.Contains(".env", patterns);
    }

    /// <summary>Every place a credential sits in a service: secret-named variables, connection strings, URIs, arguments.</summary>
    private static IEnumerable<(string Where, string Value)> Credentials(ComposeService service)
    {
        foreach (var (name, value) in service.Environment)
        {
            if (SecretName().IsMatch(name))
            {
                yield return ($"{service}: {name}", value);
            }
            foreach (Match match in EmbeddedCredential().Matches(value))
            {
                yield return ($"{service}: {name}", match.Groups["secret"].Value);
            }
        }
        for (var index = 0; index + 1 < service.Command.Count; index++)
        {
            if (service.Command[index] == "--requirepass")
            {
                yield return ($"{service}: command --requirepass", service.Command[index + 1]);
            }
        }
    }

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?<operator>:?[-?+])?")]
    private static partial Regex VariableReference();

    [GeneratedRegex("(PASSWORD|_PASS|SECRET|TOKEN|SIGNINGKEY|SIGNING_KEY|ADMINKEY|ADMIN_KEY|_AUTH)$", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    /// <summary>Npgsql's Password=, StackExchange.Redis' password=, and the password of a URI's user information.</summary>
    [GeneratedRegex(@"(?:(?:^|[;,])password=(?<secret>[^;,]*))|(?:://[^:/@]+:(?<secret>[^@]+)@)", RegexOptions.IgnoreCase)]
    private static partial Regex EmbeddedCredential();
}

using System.Text.RegularExpressions;

namespace Shop.Deployment.Tests.Docker;

/// <summary>
/// What the images must be, read from deploy/docker/Dockerfile without building it (there is no Docker engine here):
/// every deployable project has a target, built in an SDK stage and run on a small runtime image, as a numeric
/// non-root user, with a health check, on port 8080, with no secret baked in and with a restore layer that stays
/// cached until a project file changes.
/// </summary>
public sealed partial class DockerfileTests
{
    private const string SdkImage = "mcr.microsoft.com/dotnet/sdk:";
    private const string AspNetImage = "mcr.microsoft.com/dotnet/aspnet:";
    private const string RuntimeImage = "mcr.microsoft.com/dotnet/runtime:";
    private const string ProbeAssembly = "/probe/Shop.HealthProbe.dll";

    private static readonly string[] RestoreInputs = ["global.json", "nuget.config", "Directory.Build.props", "Directory.Packages.props"];

    private static Dockerfile Dockerfile => ShopImages.Dockerfile;

    [Fact]
    public void Projects_FoundInTheRepository_IncludeEveryKnownHost()
    {
        // Guards the discovery itself: if it found nothing, the theories below would prove nothing.
        Assert.Superset(
            new HashSet<string>(["catalog", "cart", "order", "reporting", "monolith", "gateway", "loadtest"], StringComparer.Ordinal),
            ShopImages.Projects.Keys.ToHashSet(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ShopImages.AllTargets), MemberType = typeof(ShopImages))]
    public void Target_EveryDeployableProject_IsAFinalStageThatRunsItsAssembly(string target)
    {
        var stage = Assert.Single(Dockerfile.Targets, s => s.Name == target);
        var project = ShopImages.Projects[target];

        var entrypoint = Dockerfile.Effective(stage, "ENTRYPOINT")?.ExecForm();

        Assert.NotNull(entrypoint);
        Assert.Equal("/usr/bin/dotnet", entrypoint[0]);
        Assert.Equal(ShopImages.AssemblyOf(project), Path.GetFileName(Assert.Single(entrypoint.Skip(1))));
        Assert.Null(Dockerfile.Effective(stage, "CMD"));
    }

    [Theory]
    [MemberData(nameof(ShopImages.AllTargets), MemberType = typeof(ShopImages))]
    public void Target_EveryImage_CopiesThePublishOutputOfItsOwnProject(string target)
    {
        var project = ShopImages.Projects[target];
        var publishStages = Dockerfile.AllInLineage(Dockerfile.Stage(target), "COPY")
            .Select(copy => copy.Flags.GetValueOrDefault("from"))
            .OfType<string>()
            .Select(Dockerfile.Stage)
            .Where(source => source.Instructions.Any(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet publish", StringComparison.Ordinal)))
            .ToList();

        var publishesProject = publishStages.Where(s => s.Instructions.Any(i => i.Arguments.Contains($"dotnet publish {project} ", StringComparison.Ordinal)));

        Assert.Single(publishesProject);
        var publish = Assert.Single(publishesProject.Single().Instructions, i => i.Keyword == "RUN");
        Assert.Contains("-c Release", publish.Arguments, StringComparison.Ordinal);
        Assert.Contains("--no-restore", publish.Arguments, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ShopImages.AllTargets), MemberType = typeof(ShopImages))]
    public void Target_EveryImage_IsBuiltWithTheSdkAndRunsOnARuntimeImage(string target)
    {
        var stage = Dockerfile.Stage(target);
        var runtime = target == ShopImages.LoadGeneratorTarget ? RuntimeImage : AspNetImage;

        var rootImage = Dockerfile.RootImage(stage);

        Assert.StartsWith(runtime, rootImage, StringComparison.Ordinal);
        // A version in the tag (10.0-...), never an implicit latest.
        Assert.Matches(@"^\d+\.\d+", rootImage[runtime.Length..]);
        // Multi-stage: the compiler lives in stages the image only copies from.
        var copiedFrom = Dockerfile.AllInLineage(stage, "COPY").Select(c => c.Flags.GetValueOrDefault("from")).OfType<string>().ToList();
        Assert.NotEmpty(copiedFrom);
        Assert.All(copiedFrom, source => Assert.StartsWith(SdkImage, Dockerfile.RootImage(Dockerfile.Stage(source)), StringComparison.Ordinal));
    }

    [Fact]
    public void BaseImages_AreBuildArgumentsWhoseDefaultsAreTheOfficialImages()
    {
        // ./shop images passes local ones (deploy/local/images.sh); anyone else building the file gets the official ones.
        Assert.Equal(new Dictionary<string, string>
        {
            ["SDK_IMAGE"] = SdkImage + "10.0-noble",
            ["ASPNET_IMAGE"] = AspNetImage + "10.0-noble-chiseled",
            ["RUNTIME_IMAGE"] = RuntimeImage + "10.0-noble-chiseled",
        }, Dockerfile.GlobalArguments);
        var rootStages = Dockerfile.Stages.Where(stage => Dockerfile.Stages.All(other => other.Name != stage.DeclaredBaseImage)).ToList();
        Assert.All(rootStages, stage => Assert.Matches(@"^\$\{[A-Z_]+_IMAGE\}$", stage.DeclaredBaseImage));
    }

    [Fact]
    public void Syntax_NoFrontendImage_SoBuildKitNeedsNoRegistry()
    {
        // "# syntax=docker/dockerfile:1" makes BuildKit pull that frontend image before it reads the file.
        Assert.DoesNotMatch(@"(?im)^#\s*syntax\s*=", Repository.ReadText(ShopImages.DockerfilePath));
    }

    [Fact]
    public void LocalBuild_ImageTargets_AreTheDockerfilesTargets()
    {
        var images = Repository.ReadText("deploy/local/images.sh");

        var declared = ImageTargetsPattern().Match(images).Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(ShopImages.Projects.Keys.Order(StringComparer.Ordinal), declared.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ShopImages.AllTargets), MemberType = typeof(ShopImages))]
    public void Target_EveryImage_RunsAsANumericNonRootUser(string target)
    {
        var user = Dockerfile.Effective(Dockerfile.Stage(target), "USER");

        Assert.NotNull(user);
        // Numeric, so that Kubernetes' runAsNonRoot can check it without reading /etc/passwd.
        Assert.Matches("^[0-9]+(:[0-9]+)?$", user.Arguments);
        Assert.NotEqual(0, int.Parse(user.Arguments.Split(':')[0], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [MemberData(nameof(ShopImages.AllTargets), MemberType = typeof(ShopImages))]
    public void Target_ChiseledImage_HasNoRunInstruction(string target)
    {
        // The runtime images have no shell: a RUN after the FROM of one would fail the build.
        var runtimeStages = Dockerfile.Lineage(Dockerfile.Stage(target)).ToList();

        Assert.All(runtimeStages, stage => Assert.DoesNotContain(stage.Instructions, i => i.Keyword == "RUN"));
    }

    [Theory]
    [MemberData(nameof(ShopImages.HttpTargetData), MemberType = typeof(ShopImages))]
    public void HttpTarget_Healthcheck_RunsTheProbeAgainstLoopback(string target)
    {
        var stage = Dockerfile.Stage(target);

        var healthcheck = Dockerfile.Effective(stage, "HEALTHCHECK");

        Assert.NotNull(healthcheck);
        var command = healthcheck.ExecForm(healthcheck.ArgumentsWithoutFlags.Replace("CMD ", "", StringComparison.Ordinal));
        Assert.NotNull(command);
        Assert.Equal(["/usr/bin/dotnet", ProbeAssembly, "http://127.0.0.1:8080/health/live"], command);
        Assert.All(["interval", "timeout", "start-period", "retries"], flag => Assert.True(healthcheck.Flags.ContainsKey(flag), $"HEALTHCHECK --{flag}"));
        // The probe is in the image, copied from the stage that publishes it.
        Assert.Contains(Dockerfile.AllInLineage(stage, "COPY"), copy => copy.CopyPaths().Destination == Path.GetDirectoryName(ProbeAssembly));
    }

    [Fact]
    public void LoadGeneratorTarget_Healthcheck_IsExplicitlyNone()
    {
        // A tool that runs to completion has no endpoint; its exit code is its health. Saying so keeps the choice visible.
        var healthcheck = Dockerfile.Effective(Dockerfile.Stage(ShopImages.LoadGeneratorTarget), "HEALTHCHECK");

        Assert.NotNull(healthcheck);
        Assert.Equal("NONE", healthcheck.Arguments);
    }

    [Theory]
    [MemberData(nameof(ShopImages.HttpTargetData), MemberType = typeof(ShopImages))]
    public void HttpTarget_Listening_IsOnPort8080ByAspNetCoreUrlsAlone(string target)
    {
        var stage = Dockerfile.Stage(target);

        var environment = Dockerfile.Environment(stage);

        Assert.Equal("http://+:8080", environment["ASPNETCORE_URLS"]);
        // The base image sets ASPNETCORE_HTTP_PORTS=8080; left set, every start logs an "Overriding HTTP_PORTS" warning.
        Assert.Equal("", environment["ASPNETCORE_HTTP_PORTS"]);
        Assert.Contains(Dockerfile.AllInLineage(stage, "EXPOSE"), expose => expose.Arguments == "8080");
    }

    [Theory]
    [MemberData(nameof(ShopImages.HttpTargetData), MemberType = typeof(ShopImages))]
    public void HttpTarget_DataProtectionKeyRing_IsKeptInTmpNotHome(string target)
    {
        // ASP.NET Core puts the key ring under $LOCALAPPDATA before $HOME: /tmp is writable on a read-only root.
        var environment = Dockerfile.Environment(Dockerfile.Stage(target));

        Assert.Equal("/tmp", environment["LOCALAPPDATA"]);
    }

    [Theory]
    [MemberData(nameof(ShopImages.AllTargets), MemberType = typeof(ShopImages))]
    public void Target_Diagnostics_KeepDebuggerAndProfilerAttachOff(string target)
    {
        var environment = Dockerfile.Environment(Dockerfile.Stage(target));

        Assert.Equal("0", environment["DOTNET_EnableDiagnostics_Debugger"]);
        Assert.Equal("0", environment["DOTNET_EnableDiagnostics_Profiler"]);
    }

    [Fact]
    public void Dockerfile_EnvArgAndLabel_HoldNoSecret()
    {
        var settings = Dockerfile.Instructions
            .Where(i => i.Keyword is "ENV" or "ARG" or "LABEL")
            .SelectMany(i => i.Assignments().Select(a => (Instruction: i, a.Name, a.Value)))
            .ToList();

        Assert.NotEmpty(settings);
        Assert.All(settings, s => Assert.False(SecretName().IsMatch(s.Name), $"{s.Instruction}: '{s.Name}' looks like a secret"));
        Assert.All(settings, s => Assert.False(SecretValue().IsMatch(s.Value), $"{s.Instruction}: the value looks like a credential"));
    }

    [Fact]
    public void Dockerfile_Copy_NeverTakesSecretsOrLocalState()
    {
        var sources = Dockerfile.Instructions
            .Where(i => i.Keyword is "COPY" or "ADD" && !i.Flags.ContainsKey("from"))
            .SelectMany(i => i.CopyPaths().Sources)
            .ToList();

        Assert.NotEmpty(sources);
        Assert.DoesNotContain(sources, source => source is "." or "./" || source.StartsWith(".env", StringComparison.Ordinal)
            || source.StartsWith(".shop", StringComparison.Ordinal) || source.StartsWith(".git", StringComparison.Ordinal));
        Assert.DoesNotContain(Dockerfile.Instructions, i => i.Keyword == "ADD");
    }

    [Fact]
    public void BuildStage_RestoreLayer_CopiesEveryProjectFileTheImagesNeedBeforeTheSources()
    {
        var projects = ShopImages.WithReferences([.. ShopImages.Projects.Values, ShopImages.ProbeProject]);
        var build = BuildStage();
        var restoreIndex = IndexOfRun(build, "dotnet restore");
        var beforeRestore = build.Instructions.Take(restoreIndex).Where(i => i.Keyword == "COPY").Select(i => i.CopyPaths()).ToList();

        var copiedProjects = beforeRestore.SelectMany(c => c.Sources).Where(s => s.EndsWith(".csproj", StringComparison.Ordinal)).ToList();

        Assert.Equal(projects.Order(StringComparer.Ordinal), copiedProjects.Order(StringComparer.Ordinal));
        // Each project file lands in its own folder, so the relative ProjectReference paths resolve during restore.
        Assert.All(beforeRestore.Where(c => c.Sources.Any(s => s.EndsWith(".csproj", StringComparison.Ordinal))),
            copy => Assert.Equal(Path.GetDirectoryName(Assert.Single(copy.Sources)) + "/", copy.Destination));
        Assert.Superset(RestoreInputs.ToHashSet(StringComparer.Ordinal), beforeRestore.SelectMany(c => c.Sources).ToHashSet(StringComparer.Ordinal));
        // Nothing but project and package files before restore: a source edit must not invalidate the restore layer.
        Assert.All(beforeRestore.SelectMany(c => c.Sources),
            source => Assert.True(source.EndsWith(".csproj", StringComparison.Ordinal) || RestoreInputs.Contains(source), source));
    }

    [Fact]
    public void BuildStage_Restore_RestoresEveryImageProject()
    {
        var build = BuildStage();

        var restore = build.Instructions[IndexOfRun(build, "dotnet restore")].Arguments;

        Assert.All([.. ShopImages.Projects.Values, ShopImages.ProbeProject],
            project => Assert.Contains($"dotnet restore {project}", restore, StringComparison.Ordinal));
    }

    [Fact]
    public void BuildStage_Sources_CoverEveryProjectAndTheAnalyzerSettings()
    {
        var projects = ShopImages.WithReferences([.. ShopImages.Projects.Values, ShopImages.ProbeProject]);
        var build = BuildStage();
        var afterRestore = build.Instructions.Skip(IndexOfRun(build, "dotnet restore")).Where(i => i.Keyword == "COPY").Select(i => i.CopyPaths()).ToList();

        var copiedFolders = afterRestore.SelectMany(c => c.Sources).Where(s => s.EndsWith('/')).ToList();

        Assert.All(projects, project => Assert.Contains(copiedFolders, folder => project.StartsWith(folder, StringComparison.Ordinal)));
        Assert.All(afterRestore.Where(c => c.Sources.All(s => s.EndsWith('/'))), copy => Assert.Equal(Assert.Single(copy.Sources), copy.Destination));
        // .editorconfig sets analyzer severities (and marks migrations as generated): without it the build differs from CI's.
        Assert.Contains(afterRestore, copy => copy.Sources.Contains(".editorconfig"));
    }

    [Fact]
    public void DockerIgnore_KeepsSecretsStateAndBuildOutputOutOfTheContext()
    {
        var patterns = Repository.ReadText(".dockerignore")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith('#'))
            .ToHashSet(StringComparer.Ordinal);

        // bin/obj of a developer's build would overwrite the restore output in the image with host paths.
        Assert.Superset(new HashSet<string>([".env", ".git", ".shop", "**/bin", "**/obj"], StringComparer.Ordinal), patterns);
        var copiedTopLevel = Dockerfile.Instructions
            .Where(i => i.Keyword == "COPY" && !i.Flags.ContainsKey("from"))
            .SelectMany(i => i.CopyPaths().Sources)
            .Select(source => source.Split('/')[0])
            .ToHashSet(StringComparer.Ordinal);
        Assert.Empty(copiedTopLevel.Intersect(patterns));
    }

    private static DockerStage BuildStage() =>
        Assert.Single(Dockerfile.Stages, stage => stage.Instructions.Any(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet restore", StringComparison.Ordinal)));

    private static int IndexOfRun(DockerStage stage, string command)
    {
        for (var index = 0; index < stage.Instructions.Count; index++)
        {
            if (stage.Instructions[index].Keyword == "RUN" && stage.Instructions[index].Arguments.Contains(command, StringComparison.Ordinal))
            {
                return index;
            }
        }
        throw new InvalidOperationException($"no RUN {command} in {stage}");
    }

    [GeneratedRegex("pass(word)?|secret|token|api_?key|signing_?key|admin_?key|private_?key|credential|connectionstrings", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    [GeneratedRegex(@"password=|pwd=|://[^/\s:@]+:[^@\s]+@", RegexOptions.IgnoreCase)]
    private static partial Regex SecretValue();

    [GeneratedRegex(@"(?m)^SHOP_IMAGE_TARGETS=\(([^)]*)\)")]
    private static partial Regex ImageTargetsPattern();
}

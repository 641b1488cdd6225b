using System.Xml.Linq;

namespace Shop.Deployment.Tests.Docker;

/// <summary>
/// What deploy/docker/Dockerfile has to build, found in the repository rather than listed here: an image for every host
/// under services/ (Shop.*.Host), for the gateway and for the load generator, so a new host without an image fails.
/// </summary>
public static class ShopImages
{
    public const string DockerfilePath = "deploy/docker/Dockerfile";
    public const string ProbeProject = "deploy/docker/Shop.HealthProbe/Shop.HealthProbe.csproj";
    public const string LoadGeneratorProject = "tools/Shop.LoadTest/Shop.LoadTest.csproj";
    public const string LoadGeneratorTarget = "loadtest";

    private static readonly Lazy<Dockerfile> s_dockerfile = new(() => Dockerfile.Load(Repository.PathOf(DockerfilePath)));
    private static readonly Lazy<IReadOnlyDictionary<string, string>> s_projects = new(FindProjects);

    public static Dockerfile Dockerfile => s_dockerfile.Value;

    /// <summary>Image target name → project file (relative, forward slashes), e.g. catalog → services/Catalog/.../Shop.Catalog.Host.csproj.</summary>
    public static IReadOnlyDictionary<string, string> Projects => s_projects.Value;

    /// <summary>Targets of the HTTP hosts: every image but the load generator.</summary>
    public static IEnumerable<string> HttpTargets => Projects.Keys.Where(target => target != LoadGeneratorTarget).Order(StringComparer.Ordinal);

    public static TheoryData<string> AllTargets => [.. Projects.Keys.Order(StringComparer.Ordinal)];

    public static TheoryData<string> HttpTargetData => [.. HttpTargets];

    /// <summary>The assembly a project builds (Shop.Catalog.Host.csproj → Shop.Catalog.Host.dll).</summary>
    public static string AssemblyOf(string project) => Path.GetFileNameWithoutExtension(project) + ".dll";

    /// <summary>The given projects and every project they reference, directly or not (relative paths, forward slashes).</summary>
    public static IReadOnlySet<string> WithReferences(IEnumerable<string> projects)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(projects);
        while (pending.TryPop(out var project))
        {
            if (!found.Add(project))
            {
                continue;
            }
            var path = Repository.PathOf(project);
            var directory = Path.GetDirectoryName(path)!;
            foreach (var reference in XDocument.Load(path).Descendants("ProjectReference"))
            {
                var include = reference.Attribute("Include")?.Value
                    ?? throw new InvalidOperationException($"{project} has a ProjectReference without Include");
                pending.Push(Repository.Relative(Path.GetFullPath(Path.Combine(directory, include.Replace('\\', '/')))));
            }
        }
        return found;
    }

    private static Dictionary<string, string> FindProjects()
    {
        var hosts = Directory.EnumerateFiles(Repository.PathOf("services"), "*.Host.csproj", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateDirectories(Repository.PathOf("gateway")).SelectMany(d => Directory.EnumerateFiles(d, "*.csproj")))
            .Select(Repository.Relative)
            .Append(LoadGeneratorProject);
        return hosts.ToDictionary(TargetName, project => project, StringComparer.Ordinal);
    }

    /// <summary>Shop.Catalog.Host → catalog, Shop.Gateway → gateway, Shop.LoadTest → loadtest.</summary>
    private static string TargetName(string project)
    {
        var name = Path.GetFileNameWithoutExtension(project);
        name = name.StartsWith("Shop.", StringComparison.Ordinal) ? name["Shop.".Length..] : name;
        name = name.EndsWith(".Host", StringComparison.Ordinal) ? name[..^".Host".Length] : name;
        return name.ToLowerInvariant();
    }
}

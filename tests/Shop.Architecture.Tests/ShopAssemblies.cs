using System.Reflection;

namespace Shop.Architecture.Tests;

/// <summary>The modules, their contracts and the hosts, as compiled assemblies and as folders of the repository.</summary>
public static class ShopAssemblies
{
    public static readonly string[] Modules = ["Catalog", "Cart", "Order", "Reporting"];

    /// <summary>Libraries every module and host may use: they hold no domain code.</summary>
    public static readonly string[] Shared = ["Shop.ServiceDefaults", "Shop.Messaging", "Shop.Persistence"];

    public const string MonolithHost = "Shop.Monolith.Host";

    public const string Gateway = "Shop.Gateway";

    public static string Root { get; } = FindRoot();

    public static Assembly Load(string name) => Assembly.Load(new AssemblyName(name));

    public static string Contracts(string module) => $"Shop.{module}.Contracts";

    public static string Library(string module) => $"Shop.{module}";

    public static string Host(string module) => $"Shop.{module}.Host";

    public static IEnumerable<string> AllHosts => Modules.Select(Host).Append(MonolithHost);

    public static string ProjectFolder(string project) => project switch
    {
        MonolithHost => Path.Combine(Root, "services", "Monolith", project),
        _ => Path.Combine(Root, "services", project.Split('.')[1], project),
    };

    /// <summary>The Shop assemblies an assembly was compiled against.</summary>
    public static IReadOnlyList<string> ShopReferences(Assembly assembly) =>
        [.. assembly.GetReferencedAssemblies().Select(reference => reference.Name!).Where(name => name.StartsWith("Shop.", StringComparison.Ordinal))];

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Shop.sln")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("Shop.sln not found above " + AppContext.BaseDirectory);
    }
}

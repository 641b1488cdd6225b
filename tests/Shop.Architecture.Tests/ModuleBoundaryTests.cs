using System.Xml.Linq;

namespace Shop.Architecture.Tests;

/// <summary>Modules never reference each other: a module sees another only through its <c>*.Contracts</c>.</summary>
public sealed class ModuleBoundaryTests
{
    public static TheoryData<string> Modules => [.. ShopAssemblies.Modules];

    [Theory]
    [MemberData(nameof(Modules))]
    public void ModuleAssembly_ShopReferences_AreOnlyContractsAndSharedLibraries(string module)
    {
        var references = ShopAssemblies.ShopReferences(ShopAssemblies.Load(ShopAssemblies.Library(module)));

        var forbidden = references.Where(name => !IsContractsOrShared(name)).ToList();

        Assert.True(forbidden.Count == 0, $"Shop.{module} references {string.Join(", ", forbidden)}; modules may use only *.Contracts and shared libraries");
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void ModuleProject_ProjectReferences_AreOnlyContractsAndSharedLibraries(string module)
    {
        // The project file catches a reference that no code uses yet, which the compiler leaves out of the assembly.
        var project = Path.Combine(ShopAssemblies.ProjectFolder(ShopAssemblies.Library(module)), $"Shop.{module}.csproj");

        var forbidden = ProjectReferences(project).Where(name => !IsContractsOrShared(name)).ToList();

        Assert.True(forbidden.Count == 0, $"{Path.GetFileName(project)} references {string.Join(", ", forbidden)}");
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void ContractsAssembly_ShopReferences_AreOnlyOtherContracts(string module)
    {
        var references = ShopAssemblies.ShopReferences(ShopAssemblies.Load(ShopAssemblies.Contracts(module)));

        Assert.All(references, name => Assert.EndsWith(".Contracts", name, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void SharedLibraries_ShopReferences_AreNoModule(string module)
    {
        foreach (var shared in ShopAssemblies.Shared)
        {
            var references = ShopAssemblies.ShopReferences(ShopAssemblies.Load(shared));
            Assert.DoesNotContain(ShopAssemblies.Library(module), references);
            Assert.DoesNotContain(ShopAssemblies.Contracts(module), references);
        }
    }

    private static bool IsContractsOrShared(string name) =>
        name.EndsWith(".Contracts", StringComparison.Ordinal) || ShopAssemblies.Shared.Contains(name);

    private static IEnumerable<string> ProjectReferences(string projectFile) =>
        XDocument.Load(projectFile)
            .Descendants("ProjectReference")
            .Select(reference => Path.GetFileNameWithoutExtension(reference.Attribute("Include")!.Value.Replace('\\', '/')));
}

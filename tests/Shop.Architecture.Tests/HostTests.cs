using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace Shop.Architecture.Tests;

/// <summary>
/// Hosts only compose: each service host runs its one module, the monolith runs all four, with the same calls and no
/// code of their own beyond configuration.
/// </summary>
public sealed partial class HostTests
{
    /// <summary>The only types a host may declare besides its top-level Program.</summary>
    private static readonly Dictionary<string, string[]> s_allowedHostTypes = new()
    {
        [ShopAssemblies.MonolithHost] = ["Shop.Monolith.Host.SharedDatabase"],
    };

    public static TheoryData<string> Modules => [.. ShopAssemblies.Modules];

    public static TheoryData<string> Hosts => [.. ShopAssemblies.AllHosts];

    [Theory]
    [MemberData(nameof(Hosts))]
    public void Host_DeclaredTypes_AreOnlyProgramAndConfiguration(string host)
    {
        var allowed = s_allowedHostTypes.GetValueOrDefault(host, []);

        var declared = ShopAssemblies.Load(host).GetTypes()
            .Where(type => type.GetCustomAttribute<CompilerGeneratedAttribute>() is null && !type.IsNested)
            .Where(type => type.FullName is not "Program" and not null && !type.FullName.StartsWith("Microsoft.", StringComparison.Ordinal))
            .Where(type => !type.FullName!.StartsWith("System.", StringComparison.Ordinal))
            .Select(type => type.FullName!)
            .Except(allowed)
            .ToList();

        Assert.True(declared.Count == 0, $"{host} declares {string.Join(", ", declared)}: domain, endpoint and consumer code belongs in a module");
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public void Host_ProgramFile_IsShort(string host)
    {
        var program = File.ReadAllLines(Path.Combine(ShopAssemblies.ProjectFolder(host), "Program.cs"));

        Assert.InRange(program.Count(line => line.Trim().Length > 0), 5, 30);
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void ServiceHost_Program_AddsAndMapsItsOwnModuleOnly(string module)
    {
        var program = ProgramOf(ShopAssemblies.Host(module));

        Assert.Equal([module], ModulesCalled(program, "Add"));
        Assert.Equal([module], ModulesCalled(program, "Map"));
    }

    [Fact]
    public void MonolithHost_Program_AddsAndMapsEveryModule()
    {
        var program = ProgramOf(ShopAssemblies.MonolithHost);

        Assert.Equal(ShopAssemblies.Modules.Order(), ModulesCalled(program, "Add").Order());
        Assert.Equal(ShopAssemblies.Modules.Order(), ModulesCalled(program, "Map").Order());
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public void Host_ShopReferences_AreModulesAndSharedLibrariesOnly(string host)
    {
        var expectedModules = host == ShopAssemblies.MonolithHost ? ShopAssemblies.Modules : [host.Split('.')[1]];

        var references = ShopAssemblies.ShopReferences(ShopAssemblies.Load(host));

        var modules = references.Where(name => !ShopAssemblies.Shared.Contains(name)).Order().ToList();
        Assert.Equal(expectedModules.Select(ShopAssemblies.Library).Order(), modules);
    }

    [Fact]
    public void MonolithHost_UsesTheInProcessTransport()
    {
        var settings = File.ReadAllText(Path.Combine(ShopAssemblies.ProjectFolder(ShopAssemblies.MonolithHost), "appsettings.json"));

        Assert.Matches("\"Transport\":\\s*\"InProcess\"", settings);
    }

    private static string ProgramOf(string host) => File.ReadAllText(Path.Combine(ShopAssemblies.ProjectFolder(host), "Program.cs"));

    private static List<string> ModulesCalled(string program, string verb) =>
        [.. ModuleCall().Matches(program).Where(match => match.Groups["verb"].Value == verb).Select(match => match.Groups["module"].Value)];

    [GeneratedRegex(@"\.(?<verb>Add|Map)(?<module>[A-Z][a-z]+)Module\(\)")]
    private static partial Regex ModuleCall();
}

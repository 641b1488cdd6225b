using Shop.Bench.Local;
using Shop.Topology;

namespace Shop.Bench.BlackFriday;

/// <summary>
/// The copies deploy/local/bench-shop.sh installs beside this tool before it starts it, so rebuilding the
/// repository during a bench changes nothing: the load generator, the plain Kestrel endpoint and the gateway.
/// </summary>
/// <param name="Folder">The folder of the copies (.shop/bench-tools).</param>
public sealed record BenchTools(string Folder)
{
    public string LoadGenerator => Path.Combine(Folder, "loadtest", "Shop.LoadTest.dll");

    /// <summary>This tool, for the sampler: a process of its own, so what it and its children cost is nobody's share.</summary>
    public static string Bench => typeof(BenchTools).Assembly.Location;

    public string PlainKestrel => Path.Combine(Folder, "plain", "Shop.PlainKestrel.dll");

    public string Gateway => Path.Combine(Folder, "gateway", ShopTopology.Gateway.AssemblyFile);

    /// <summary>The folder this tool runs from is one of the copies: the others are its siblings.</summary>
    public static BenchTools BesideThisTool() =>
        new(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory))!);

    /// <exception cref="InvalidOperationException">A copy is missing: the bench was not started through its entry script.</exception>
    public void Require()
    {
        foreach (var file in new[] { LoadGenerator, PlainKestrel, Gateway })
        {
            if (!File.Exists(file))
            {
                throw new InvalidOperationException($"no {file}: run the bench with ./shop bench blackfriday, which installs its tools");
            }
        }
    }

    /// <summary>
    /// The load generator with <paramref name="arguments"/>, as a child process of its own: its CPU is the client's. It
    /// raises its priority over the machine's other processes (--raise-priority), as if it ran on a machine of its own:
    /// on shared cores the target's sessions would otherwise delay its schedule, and the bench would measure the generator.
    /// </summary>
    public ChildCommand LoadGeneratorCommand(IReadOnlyList<string> arguments) => new("dotnet", [LoadGenerator, .. arguments, "--raise-priority"]);
}

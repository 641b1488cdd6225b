using Shop.Bench.Report;

namespace Shop.Bench.Tests.Infrastructure;

/// <summary>
/// The fixture bench folder (Fixtures/bench): files as deploy/local/bench-shop.sh leaves them, following the
/// load test's contract — a two-minute scenario per shape, capacity searches, samples, Prometheus, invariants, ceilings
/// and a footprint. Microservices reach 40 journeys/s, the monolith 60.
/// </summary>
public static class BenchFixtures
{
    public static readonly DateTimeOffset Now = new(2026, 11, 26, 11, 0, 0, TimeSpan.Zero);

    public static readonly MachineInfo TwoCores = new()
    {
        Cores = 2,
        CpuModel = "test CPU",
        MemoryGiB = 24,
        Os = "Debian GNU/Linux 12 (bookworm)",
        Kernel = "6.1",
        Runtime = ".NET 10.0",
    };

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Fixtures", "bench");

    /// <summary>A copy of the fixture folder the test may change, deleted with the returned handle.</summary>
    public static TemporaryFolder Copy()
    {
        var folder = new TemporaryFolder();
        foreach (var file in Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(folder.Path, Path.GetRelativePath(Folder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return folder;
    }

    public static Task<BenchReport> AssembleAsync(string folder) =>
        ReportAssembler.AssembleAsync(folder, TwoCores, Now, CancellationToken.None);

    public static Task<BenchReport> AssembleAsync() => AssembleAsync(Folder);
}

/// <summary>A folder under the temp directory, deleted on dispose.</summary>
public sealed class TemporaryFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("shop-bench-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

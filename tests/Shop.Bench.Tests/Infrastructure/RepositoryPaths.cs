namespace Shop.Bench.Tests.Infrastructure;

public static class RepositoryPaths
{
    /// <summary>The checkout's root: the first folder above the test binaries that holds Shop.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Where tests keep what a person looks at after a run (./shop test collects artifacts/test-results).</summary>
    public static string TestResults(string name)
    {
        var folder = Path.Combine(Root, "artifacts", "test-results", name);
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Shop.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException($"no Shop.sln above {AppContext.BaseDirectory}");
    }
}

namespace Shop.Testing;

/// <summary>
/// The checkout under test, found from the test assembly's folder, and the build output of its hosts (built with the same
/// configuration as the test assembly).
/// </summary>
public static class RepositoryLayout
{
    /// <summary>The first folder above the test binaries that holds Shop.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string Configuration { get; } = FindConfiguration();

    public static string HostDll(string projectDirectory)
    {
        var name = Path.GetFileName(projectDirectory);
        var dll = Path.Combine(Root, projectDirectory, "bin", Configuration, "net10.0", name + ".dll");
        return File.Exists(dll)
            ? dll
            : throw new FileNotFoundException($"Build output of {projectDirectory} not found; build Shop.sln with -c {Configuration} first.", dll);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Shop.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Shop.sln not found above " + AppContext.BaseDirectory);
    }

    private static string FindConfiguration()
    {
        var parts = AppContext.BaseDirectory.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var bin = Array.LastIndexOf(parts, "bin");
        return bin >= 0 && bin + 1 < parts.Length ? parts[bin + 1] : "Release";
    }
}

namespace Shop.Deployment.Tests.Docker;

/// <summary>Files of the repository under test, found from this assembly's folder.</summary>
public static class Repository
{
    public static string Root => RepositoryLayout.Root;

    /// <summary>An absolute path from a path relative to the repository root (forward slashes allowed).</summary>
    public static string PathOf(string relativePath) =>
        Path.GetFullPath(Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar)));

    /// <summary>A path relative to the repository root, with forward slashes, as the Dockerfile and compose file write them.</summary>
    public static string Relative(string absolutePath) =>
        Path.GetRelativePath(Root, absolutePath).Replace(Path.DirectorySeparatorChar, '/');

    public static string ReadText(string relativePath) => File.ReadAllText(PathOf(relativePath));
}

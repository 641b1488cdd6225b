using System.Security.Cryptography;
using System.Text;

namespace Shop.Topology.Limits;

/// <summary>
/// The folder of one deployment's cgroups, under Shop's own folder of the cpu hierarchy
/// (<c>/sys/fs/cgroup/cpu/shop/&lt;scope&gt;/&lt;process&gt;</c>): named after the deployment's state folder, so the
/// Shop of <c>./shop up</c>, the bench's and every test deployment never share one.
/// </summary>
public sealed record CgroupScope
{
    private const int MaxNameLength = 120;

    private CgroupScope(string name) => Name = name;

    public string Name { get; }

    /// <summary>A scope of the given name: letters, digits, '.', '_' and '-'.</summary>
    /// <exception cref="TopologyException">Any other character, or no name.</exception>
    public static CgroupScope Named(string name) => new(CgroupNames.Require(name, "a cgroup scope"));

    /// <summary>The scope of the deployment whose state is in <paramref name="stateFolder"/>: the path, readable, and a hash of it.</summary>
    public static CgroupScope ForState(string stateFolder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stateFolder);
        var path = Path.TrimEndingDirectorySeparator(Path.GetFullPath(stateFolder));
        var readable = new StringBuilder();
        foreach (var c in path.TrimStart('/'))
        {
            readable.Append(CgroupNames.IsAllowed(c) ? c : '_');
        }
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(path)))[..8];
        var name = readable.Length > MaxNameLength ? readable.ToString(readable.Length - MaxNameLength, MaxNameLength) : readable.ToString();
        return new CgroupScope($"{name.TrimStart('.', '-')}-{hash}");
    }

    public override string ToString() => Name;
}

/// <summary>The names Shop gives cgroups: safe as one path segment, never "." or "..".</summary>
internal static class CgroupNames
{
    public static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-';

    public static string Require(string name, string what)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length is 0 or > 200 || name[0] is '.' or '-' || !name.All(IsAllowed))
        {
            throw new TopologyException($"{what} is named with letters, digits, '.', '_' and '-' (not first), got '{name}'");
        }
        return name;
    }
}

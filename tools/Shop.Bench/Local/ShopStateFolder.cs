using Shop.Bench.Sampling;
using Shop.Topology.Planning;

namespace Shop.Bench.Local;

/// <summary>
/// A state folder of <c>./shop</c>, laid out as deploy/local/common.sh lays it out: pids and ports in run/, the planned
/// environments in run/env/, logs, generated secrets, installed hosts and the servers' data.
/// </summary>
/// <param name="Path">The folder (SHOP_STATE).</param>
public sealed record ShopStateFolder(string Path)
{
    public string Run => System.IO.Path.Combine(Path, "run");

    public string Logs => System.IO.Path.Combine(Path, "logs");

    public string Secrets => System.IO.Path.Combine(Path, "secrets");

    public string App => System.IO.Path.Combine(Path, "app");

    /// <summary>Where the topology writes each planned process's environment (deploy/local/services.sh: SHOP_PLANS).</summary>
    public string Plans => System.IO.Path.Combine(Run, "env");

    public string AdminKeyFile => System.IO.Path.Combine(Secrets, "admin-key");

    public string SigningKeyFile => System.IO.Path.Combine(Secrets, "signing-key");

    /// <summary>PostgreSQL's own pid file: the postmaster's pid on its first line.</summary>
    public string PostgresPidFile => System.IO.Path.Combine(Path, "postgres", "data", "postmaster.pid");

    /// <summary>The folders every step writes to, created as deploy/local/common.sh's ensure_state_dirs creates them.</summary>
    public void EnsureFolders()
    {
        foreach (var folder in new[] { Run, Logs, Secrets, App })
        {
            Directory.CreateDirectory(folder);
        }
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Secrets, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>The secrets <c>./shop up</c> generated (or was given) for this state.</summary>
    public ShopSecrets ReadSecrets() => new(ReadSecret(SigningKeyFile), ReadSecret(AdminKeyFile));

    /// <summary>Whether a process of <c>./shop up</c> runs from this state (one with a port file; idle test servers have none).</summary>
    public bool ShopProcessRunning() =>
        Directory.Exists(Run) && Directory.EnumerateFiles(Run, "*.port").Any(port =>
            ReadPid(System.IO.Path.ChangeExtension(port, ".pid")) is { } pid && Directory.Exists($"/proc/{pid}"));

    /// <summary>The environment a plan wrote for one process or host command (NAME=value lines).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ReadPlannedEnvironment(string file)
    {
        var path = System.IO.Path.Combine(Plans, file);
        return File.Exists(path) ? ReadEnvironmentFile(path) : throw new InvalidDataException($"no planned environment {path}: the topology did not plan it");
    }

    /// <summary>An environment file as the topology writes them: NAME=value lines, the value up to the end of the line.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ReadEnvironmentFile(string path) =>
        [.. File.ReadLines(path).Where(line => line.Contains('=', StringComparison.Ordinal)).Select(line =>
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            return new KeyValuePair<string, string>(line[..equals], line[(equals + 1)..]);
        })];

    /// <summary>The state folder given by SHOP_STATE, or .shop in the repository.</summary>
    public static ShopStateFolder FromEnvironment(string root) =>
        new(System.IO.Path.GetFullPath(Environment.GetEnvironmentVariable("SHOP_STATE") is { Length: > 0 } state ? state : System.IO.Path.Combine(root, ".shop")));

    public static int? ReadPid(string file)
    {
        try
        {
            return File.Exists(file) ? ProcFileSystem.ParsePidFile(File.ReadAllText(file)) : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string ReadSecret(string file)
    {
        var secret = File.Exists(file) ? File.ReadAllText(file).Trim() : "";
        return secret.Length > 0 ? secret : throw new InvalidDataException($"{file} is missing or empty: ./shop up generates it");
    }
}

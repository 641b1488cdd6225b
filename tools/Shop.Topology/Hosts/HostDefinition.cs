namespace Shop.Topology.Hosts;

/// <summary>
/// One kind of Shop process: what it is built from, where its replicas listen, which servers and databases it needs
/// and which settings it reads. Every launcher derives how it runs a host from this.
/// </summary>
/// <param name="Name">catalog, cart, order, reporting, monolith or gateway: the process names are &lt;name&gt;-&lt;replica&gt;.</param>
/// <param name="Project">The host project, from the repository root.</param>
/// <param name="BasePort">Replica N listens on BasePort + N (HTTP/1.1) and BasePort + 50 + N (HTTP/2 for the gateway).</param>
/// <param name="Clusters">The gateway clusters (one per module) its replicas answer.</param>
/// <param name="Migrates">Whether <c>migrate</c> must run before its replicas start.</param>
/// <param name="Servers">The servers it needs.</param>
/// <param name="Databases">The PostgreSQL databases it reads, by connection string name.</param>
/// <param name="Settings">Every key it reads from the environment.</param>
/// <param name="Commands">Its one-shot host commands (such as <c>rollup</c>).</param>
public sealed record HostDefinition(
    string Name,
    string Project,
    int BasePort,
    IReadOnlyList<string> Clusters,
    bool Migrates,
    IReadOnlyList<ServerKind> Servers,
    IReadOnlyDictionary<string, ShopDatabase> Databases,
    IReadOnlyList<Setting> Settings,
    IReadOnlyList<string> Commands)
{
    /// <summary>The command every host with a database has: creates it, applies the migrations, seeds what needs seeding.</summary>
    public const string MigrateCommand = "migrate";

    /// <summary>The file the build writes and <c>dotnet</c> runs: Shop.Catalog.Host.dll.</summary>
    public string AssemblyFile => Path.GetFileName(Project) + ".dll";

    public bool Needs(ServerKind server) => Servers.Contains(server);

    public bool Reads(string key) => Settings.Any(s => s.Matches(key));

    /// <summary>The settings every deployment of this host must set.</summary>
    public IEnumerable<Setting> RequiredSettings => Settings.Where(s => s.MustBeSet);

    public override string ToString() => Name;
}

/// <summary>How a deployment's settings for a host differ from what the host reads.</summary>
/// <param name="Missing">Required or expected settings the deployment does not set.</param>
/// <param name="Unknown">Keys the deployment sets that the host does not read.</param>
public sealed record SettingsMismatch(IReadOnlyList<Setting> Missing, IReadOnlyList<string> Unknown)
{
    public bool IsEmpty => Missing.Count == 0 && Unknown.Count == 0;

    /// <summary>Compares the keys a deployment sets for <paramref name="host"/> with the settings the host reads.</summary>
    public static SettingsMismatch Of(HostDefinition host, IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(host);
        var set = keys.ToHashSet(StringComparer.Ordinal);
        return new SettingsMismatch(
            [.. host.RequiredSettings.Where(setting => !set.Any(setting.Matches))],
            [.. set.Where(key => !host.Reads(key)).Order(StringComparer.Ordinal)]);
    }

    public override string ToString() =>
        IsEmpty
            ? "every required setting, and nothing the host does not read"
            : string.Join("; ", new[]
            {
                Missing.Count > 0 ? "missing " + string.Join(", ", Missing.Select(s => s.Key)) : null,
                Unknown.Count > 0 ? "not read by the host: " + string.Join(", ", Unknown) : null,
            }.OfType<string>());
}

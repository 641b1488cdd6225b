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

    public IEnumerable<Setting> RequiredSettings => Settings.Where(s => s.Required);

    public override string ToString() => Name;
}

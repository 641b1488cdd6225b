namespace Shop.Topology.Hosts;

/// <summary>
/// Which hosts serve the modules: the four services, or the monolith hosting all four. The gateway and its routes are
/// the same in both; only the hosts behind its clusters change.
/// </summary>
/// <param name="Name">microservices or monolith.</param>
/// <param name="Services">The hosts that run, in the order they start.</param>
public sealed record ShopShape(string Name, IReadOnlyList<HostDefinition> Services)
{
    public static ShopShape Microservices { get; } = new("microservices", [ShopTopology.Catalog, ShopTopology.Cart, ShopTopology.Order, ShopTopology.Reporting]);

    public static ShopShape Monolith { get; } = new("monolith", [ShopTopology.Monolith]);

    public static IReadOnlyList<ShopShape> All { get; } = [Microservices, Monolith];

    /// <exception cref="TopologyException">Neither shape has that name.</exception>
    public static ShopShape Named(string name) =>
        All.FirstOrDefault(s => s.Name == name) ?? throw new TopologyException($"unknown shape '{name}' (microservices or monolith)");

    /// <summary>The host whose replicas answer a gateway cluster in this shape.</summary>
    public HostDefinition ServiceFor(string cluster) =>
        Services.FirstOrDefault(h => h.Clusters.Contains(cluster))
        ?? throw new TopologyException($"no host of the {Name} shape serves the '{cluster}' cluster");

    /// <summary>The servers the shape's hosts need, in a fixed order.</summary>
    public IReadOnlyList<ServerKind> Servers =>
        [.. Enum.GetValues<ServerKind>().Where(server => Services.Any(h => h.Needs(server)))];

    public bool Contains(HostDefinition host) => Services.Contains(host);

    public override string ToString() => Name;
}

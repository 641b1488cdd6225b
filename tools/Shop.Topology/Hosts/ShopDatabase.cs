namespace Shop.Topology.Hosts;

/// <summary>A PostgreSQL database of Shop, by the name every deployment gives it unless told to add a suffix.</summary>
/// <param name="Name">shop_catalog, shop_order, shop_reporting, or shop for the monolith.</param>
public sealed record ShopDatabase(string Name)
{
    public static ShopDatabase Catalog { get; } = new("shop_catalog");

    public static ShopDatabase Order { get; } = new("shop_order");

    public static ShopDatabase Reporting { get; } = new("shop_reporting");

    /// <summary>The monolith's one database, with a schema per module.</summary>
    public static ShopDatabase Monolith { get; } = new("shop");

    public static IReadOnlyList<ShopDatabase> All { get; } = [Catalog, Order, Reporting, Monolith];

    public override string ToString() => Name;
}

namespace Shop.Catalog.Persistence;

/// <summary>
/// Names of the catalog's database objects. The module keeps everything in its own schema so that the monolith
/// can host every module in one database without collisions; bulk writers use the same names as the EF model.
/// </summary>
internal static class CatalogSchema
{
    public const string Name = "catalog";
    public const string MigrationsHistoryTable = "__EFMigrationsHistory";

    public static class Products
    {
        public const string Table = "products";
        public const string Id = "id";
        public const string Sku = "sku";
        public const string Name = "name";
        public const string Description = "description";
        public const string CategoryId = "category_id";
        public const string Price = "price";
        public const string Stock = "stock";
        public const string UpdatedAt = "updated_at";
    }

    public static class StockReservations
    {
        public const string Table = "stock_reservations";
        public const string OrderId = "order_id";
        public const string ProductId = "product_id";
        public const string Quantity = "quantity";
        public const string ReservedAt = "reserved_at";
        public const string ReleasedAt = "released_at";
    }

    public static class Categories
    {
        public const string Table = "categories";
        public const string Id = "id";
        public const string Name = "name";
        public const string Slug = "slug";
    }
}

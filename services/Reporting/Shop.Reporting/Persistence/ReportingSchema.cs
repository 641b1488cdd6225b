namespace Shop.Reporting.Persistence;

/// <summary>
/// Names of the reporting module's database objects, all in the schema <c>reporting</c>, so the monolith can keep every
/// module in one database. The hand-written SQL (upserts, rollup, rebuild) uses the same names as the EF model.
/// </summary>
internal static class ReportingSchema
{
    public const string Name = "reporting";
    public const string MigrationsHistoryTable = "__EFMigrationsHistory";

    /// <summary>One row per order: its reported status, total and units; what makes events safe in any order.</summary>
    public static class Orders
    {
        public const string Table = "orders";
        public const string Qualified = Name + "." + Table;
    }

    /// <summary>Units and revenue per product, from confirmed orders.</summary>
    public static class ProductSales
    {
        public const string Table = "product_sales";
        public const string Qualified = Name + "." + Table;
    }

    /// <summary>Confirmed orders per minute (UTC) of confirmation; compacted into <see cref="SalesHours"/> by the rollup.</summary>
    public static class SalesMinutes
    {
        public const string Table = "sales_minutes";
        public const string Qualified = Name + "." + Table;
    }

    /// <summary>Confirmed orders per hour (UTC), written only by the rollup (and the rebuild).</summary>
    public static class SalesHours
    {
        public const string Table = "sales_hours";
        public const string Qualified = Name + "." + Table;
    }

    /// <summary>Orders, units and value per status and cancel reason.</summary>
    public static class OrderStatusCounts
    {
        public const string Table = "order_status_counts";
        public const string Qualified = Name + "." + Table;
    }

    /// <summary>One row per buyer: when they first reached each step of the funnel.</summary>
    public static class FunnelBuyers
    {
        public const string Table = "funnel_buyers";
        public const string Qualified = Name + "." + Table;
    }

    /// <summary>A single row: up to when minute buckets have been compacted into hours.</summary>
    public static class RollupState
    {
        public const string Table = "rollup_state";
        public const string Qualified = Name + "." + Table;
    }
}

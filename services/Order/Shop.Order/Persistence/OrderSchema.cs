namespace Shop.Order.Persistence;

/// <summary>
/// Names of the order module's database objects. Everything lives in its own schema, so the monolith can keep every
/// module in one database without collisions. The schema is "ordering" because "order" is an SQL keyword.
/// </summary>
internal static class OrderSchema
{
    public const string Name = "ordering";
    public const string MigrationsHistoryTable = "__EFMigrationsHistory";

    public static class Orders
    {
        public const string Table = "orders";
        public const string Id = "id";
        public const string BuyerId = "buyer_id";
        public const string IdempotencyKey = "idempotency_key";
        public const string Lines = "lines";
        public const string Total = "total";
        public const string State = "state";
        public const string CancelReason = "cancel_reason";
        public const string CreatedAt = "created_at";
        public const string UpdatedAt = "updated_at";

        public const string PrimaryKey = "pk_orders";
        public const string BuyerIdempotencyKeyIndex = "ux_orders_buyer_id_idempotency_key";
        public const string BuyerCreatedAtIndex = "ix_orders_buyer_id_created_at_id";
    }
}

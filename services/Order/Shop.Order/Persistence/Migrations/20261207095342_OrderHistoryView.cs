using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Shop.Order.Persistence.Migrations
{
    /// <summary>
    /// The view <c>ordering.order_history</c>: the order module's read contract for other modules' offline jobs
    /// (Reporting's <c>rebuild</c>), named in <c>Shop.Order.Contracts.OrderHistoryView</c>. It shows orders as the
    /// module's events describe them (statuses of <c>OrderStatuses</c>, the time of the final event), not the table's
    /// internal states, so the table can change without breaking a reader. A new state of the order domain must be
    /// mapped here in a new migration; <c>OrderHistoryViewTests</c> fails until it is.
    /// </summary>
    public partial class OrderHistoryView : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                CREATE VIEW ordering.order_history AS
                SELECT id AS order_id,
                       buyer_id,
                       lines,
                       total,
                       CASE state
                           WHEN 'Submitted' THEN 'Pending'
                           WHEN 'StockReserved' THEN 'Pending'
                           WHEN 'Confirmed' THEN 'Confirmed'
                           WHEN 'Cancelled' THEN 'Cancelled'
                       END AS status,
                       cancel_reason,
                       created_at AS submitted_at,
                       CASE WHEN state IN ('Confirmed', 'Cancelled') THEN updated_at END AS completed_at
                FROM ordering.orders;
                """);
            migrationBuilder.Sql(
                """
                COMMENT ON VIEW ordering.order_history IS
                    'The order module''s read contract for reporting (Shop.Order.Contracts.OrderHistoryView): one row per order, '
                    'status Pending, Confirmed or Cancelled, completed_at the time of the final event. Read this, not ordering.orders.';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP VIEW ordering.order_history;");
        }
    }
}

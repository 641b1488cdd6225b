using Npgsql;

namespace Shop.Bench.Invariants;

/// <summary>
/// Where a shape keeps each module's tables. Microservices: a database per module; the monolith: one database for all,
/// the same three connection strings. Either way the schemas are catalog, ordering and reporting, so the SQL is the same.
/// </summary>
public sealed record ShopDatabases(string Catalog, string Order, string Reporting)
{
    /// <summary>Each distinct database once (the monolith's three are one).</summary>
    public IEnumerable<string> Distinct() => new[] { Catalog, Order, Reporting }.Distinct(StringComparer.Ordinal);
}

/// <summary>Order counts and revenue, as the order database has them or as the reports show them.</summary>
public sealed record OrderTotals(long Orders, long Confirmed, long Cancelled, long Pending, decimal Revenue);

/// <summary>The read-only queries behind the invariants, against the modules' own tables.</summary>
public static class ShopDatabaseQueries
{
    public static async Task<Dictionary<Guid, int>> StockAsync(string catalog, CancellationToken cancellationToken)
    {
        var stock = new Dictionary<Guid, int>();
        await using var connection = await OpenAsync(catalog, cancellationToken);
        await using var command = new NpgsqlCommand("SELECT id, stock FROM catalog.products", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            stock[reader.GetGuid(0)] = reader.GetInt32(1);
        }
        return stock;
    }

    /// <summary>Units of each product in confirmed orders (order lines are a jsonb array on the order row).</summary>
    public static async Task<Dictionary<Guid, long>> ConfirmedUnitsAsync(string order, CancellationToken cancellationToken)
    {
        var units = new Dictionary<Guid, long>();
        await using var connection = await OpenAsync(order, cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            SELECT (line ->> 'productId')::uuid, sum((line ->> 'quantity')::bigint)::bigint
            FROM ordering.orders, jsonb_array_elements(lines) AS line
            WHERE state = 'Confirmed'
            GROUP BY 1
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            units[reader.GetGuid(0)] = reader.GetInt64(1);
        }
        return units;
    }

    public static async Task<OrderTotals> OrderTotalsAsync(string order, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(order, cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            SELECT count(*),
                   count(*) FILTER (WHERE state = 'Confirmed'),
                   count(*) FILTER (WHERE state = 'Cancelled'),
                   count(*) FILTER (WHERE state NOT IN ('Confirmed', 'Cancelled')),
                   coalesce(sum(total) FILTER (WHERE state = 'Confirmed'), 0)
            FROM ordering.orders
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new OrderTotals(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetDecimal(4));
    }

    /// <summary>The reports' view, computed as GET /api/reports/summary computes it: from the status counters.</summary>
    public static async Task<OrderTotals> ReportedTotalsAsync(string reporting, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(reporting, cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            SELECT coalesce(sum(orders), 0)::bigint,
                   coalesce(sum(orders) FILTER (WHERE status = 'Confirmed'), 0)::bigint,
                   coalesce(sum(orders) FILTER (WHERE status = 'Cancelled'), 0)::bigint,
                   coalesce(sum(orders) FILTER (WHERE status = 'Pending'), 0)::bigint,
                   coalesce(sum(amount) FILTER (WHERE status = 'Confirmed'), 0)
            FROM reporting.order_status_counts
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new OrderTotals(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetDecimal(4));
    }

    /// <summary>Checkouts (buyer, idempotency key) that made more than one order; the unique index should make it 0.</summary>
    public static async Task<long> DuplicateCheckoutsAsync(string order, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(order, cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            SELECT count(*) FROM (
                SELECT 1 FROM ordering.orders GROUP BY buyer_id, idempotency_key HAVING count(*) > 1
            ) AS duplicates
            """, connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Unsent rows of every outbox table (one per module schema) in the given databases.</summary>
    public static async Task<long> UnsentOutboxMessagesAsync(ShopDatabases databases, CancellationToken cancellationToken)
    {
        long unsent = 0;
        foreach (var database in databases.Distinct())
        {
            await using var connection = await OpenAsync(database, cancellationToken);
            var tables = new List<string>();
            await using (var list = new NpgsqlCommand(
                "SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM information_schema.tables WHERE table_name = 'outbox_messages'",
                connection))
            await using (var reader = await list.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    tables.Add(reader.GetString(0));
                }
            }
            foreach (var table in tables)
            {
                // The table names come from the catalog of the database itself, quoted by quote_ident.
#pragma warning disable CA2100
                await using var count = new NpgsqlCommand($"SELECT count(*) FROM {table} WHERE sent_at IS NULL", connection);
#pragma warning restore CA2100
                unsent += (long)(await count.ExecuteScalarAsync(cancellationToken))!;
            }
        }
        return unsent;
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}

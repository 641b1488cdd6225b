using Npgsql;

namespace Shop.EndToEnd.Tests.Infrastructure;

/// <summary>The order database as the source of truth the reports are checked against.</summary>
public static class OrderDatabase
{
    public static async Task<(long Confirmed, long Cancelled, decimal Revenue, long Pending)> TotalsAsync(ShopDeployment deployment)
    {
        await using var connection = new NpgsqlConnection(deployment.OrderDatabase);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT count(*) FILTER (WHERE state = 'Confirmed'),
                   count(*) FILTER (WHERE state = 'Cancelled'),
                   coalesce(sum(total) FILTER (WHERE state = 'Confirmed'), 0),
                   count(*) FILTER (WHERE state NOT IN ('Confirmed', 'Cancelled'))
            FROM ordering.orders
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetDecimal(2), reader.GetInt64(3));
    }

    /// <summary>Units of each product in confirmed orders.</summary>
    public static async Task<IReadOnlyDictionary<Guid, long>> ConfirmedUnitsAsync(ShopDeployment deployment)
    {
        await using var connection = new NpgsqlConnection(deployment.OrderDatabase);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT (line ->> 'productId')::uuid, sum((line ->> 'quantity')::int)
            FROM ordering.orders, jsonb_array_elements(lines) AS line
            WHERE state = 'Confirmed'
            GROUP BY 1
            """, connection);
        var units = new Dictionary<Guid, long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            units[reader.GetGuid(0)] = reader.GetInt64(1);
        }
        return units;
    }

    /// <summary>The id and body of the outbox row that published an order's OrderConfirmed: its MessageId on the bus.</summary>
    public static async Task<(Guid MessageId, string Body)> ConfirmationMessageAsync(ShopDeployment deployment, Guid orderId)
    {
        await using var connection = new NpgsqlConnection(deployment.OrderDatabase);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT id, body::text FROM ordering.outbox_messages
            WHERE message_type LIKE 'Shop.Order.Contracts.Messages.OrderConfirmed%' AND correlation_id = @order
            """, connection);
        command.Parameters.AddWithValue("order", orderId);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"no OrderConfirmed outbox row for {orderId}");
        return (reader.GetGuid(0), reader.GetString(1));
    }

    /// <summary>Clears the sent mark of an outbox row, so a relay dispatches it again with the same MessageId.</summary>
    public static async Task MarkUnsentAsync(ShopDeployment deployment, Guid messageId)
    {
        await using var connection = new NpgsqlConnection(deployment.OrderDatabase);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("UPDATE ordering.outbox_messages SET sent_at = NULL WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", messageId);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    public static async Task<bool> IsSentAsync(ShopDeployment deployment, Guid messageId)
    {
        await using var connection = new NpgsqlConnection(deployment.OrderDatabase);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT sent_at IS NOT NULL FROM ordering.outbox_messages WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", messageId);
        return (bool)(await command.ExecuteScalarAsync())!;
    }
}

using System.Data;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Npgsql;
using Shop.Order.Contracts;
using Shop.Reporting.Projections;

namespace Shop.Reporting.Rebuild;

/// <summary>
/// Reads the order module's table <c>ordering.orders</c> (<c>ConnectionStrings:OrderSource</c>) and turns each row into
/// the events the order module published for it: every order was submitted at <c>created_at</c>; a confirmed or
/// cancelled one then changed state at <c>updated_at</c>, which is the time its event carried.
/// </summary>
/// <remarks>
/// This is the one read of another module's database the project allows, and only for this offline job: the order
/// database is the system of record for orders, the events the reports are built from are not kept anywhere else, and
/// a rebuild (after a reporting bug, a lost database, a new read model) has nowhere else to start from. The read runs
/// in a read-only, repeatable-read transaction, so it sees one consistent snapshot and cannot write; give the
/// connection a role that can only <c>SELECT</c> from <c>ordering.orders</c>. The columns read here are a contract with
/// the order module: the tests run its real migrations, so a change on its side fails this module's build, not a rebuild.
/// </remarks>
internal sealed class OrderDatabaseSource(string connectionString) : IOrderHistorySource
{
    /// <summary>The order module's schema; see <c>Shop.Order.Persistence.OrderSchema</c>.</summary>
    public const string OrderTable = "ordering.orders";

    private const string SelectOrders =
        $"SELECT id, buyer_id, lines::text, total, state, cancel_reason, created_at, updated_at FROM {OrderTable}";

    public async IAsyncEnumerable<OrderHistory> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        await using (var readOnly = new NpgsqlCommand("SET TRANSACTION READ ONLY", connection, transaction))
        {
            await readOnly.ExecuteNonQueryAsync(cancellationToken);
        }

        // No timeout: the rows stream for as long as the rebuild takes to write them.
        await using var command = new NpgsqlCommand(SelectOrders, connection, transaction) { CommandTimeout = 0 };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var orderId = reader.GetGuid(0);
            var buyerId = reader.GetString(1);
            var lines = JsonSerializer.Deserialize(reader.GetString(2), OrderSourceJsonContext.Default.ListOrderLine)
                ?? throw new InvalidOperationException($"Order {orderId} has no lines in {OrderTable}.");
            var total = reader.GetDecimal(3);
            var state = reader.GetString(4);
            var cancelReason = await reader.IsDBNullAsync(5, cancellationToken) ? null : reader.GetString(5);
            var createdAt = reader.GetFieldValue<DateTimeOffset>(6);
            var updatedAt = reader.GetFieldValue<DateTimeOffset>(7);
            yield return History(orderId, buyerId, lines, total, state, cancelReason, createdAt, updatedAt);
        }
    }

    /// <summary>The events the order module published for an order in <paramref name="state"/>.</summary>
    internal static OrderHistory History(
        Guid orderId, string buyerId, IReadOnlyList<OrderLine> lines, decimal total, string state, string? cancelReason,
        DateTimeOffset createdAt, DateTimeOffset updatedAt)
    {
        var submitted = new OrderEvent(OrderEventKind.Submitted, orderId, buyerId, lines, total, createdAt, createdAt, null);
        IReadOnlyList<OrderEvent> events = state switch
        {
            // The order module's states (Shop.Order.Domain.OrderState, stored by name); the first two are both "pending".
            "Submitted" or "StockReserved" => [submitted],
            "Confirmed" => [submitted, submitted with { Kind = OrderEventKind.Confirmed, OccurredAt = updatedAt }],
            "Cancelled" => [submitted, submitted with
            {
                Kind = OrderEventKind.Cancelled,
                OccurredAt = updatedAt,
                CancelReason = cancelReason ?? throw new InvalidOperationException($"Cancelled order {orderId} has no cancel reason in {OrderTable}."),
            }],
            // Better to stop than to rebuild figures that silently leave orders out.
            _ => throw new InvalidOperationException(
                $"Order {orderId} is in state '{state}', which the rebuild does not know; update {nameof(OrderDatabaseSource)} for the order module's new states."),
        };
        return new OrderHistory(orderId, events);
    }
}

/// <summary>The order lines as the order module stores them: a jsonb array of camel-cased <see cref="OrderLine"/>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(List<OrderLine>))]
internal sealed partial class OrderSourceJsonContext : JsonSerializerContext;

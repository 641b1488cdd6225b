using System.Data;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Npgsql;
using Shop.Order.Contracts;
using Shop.Reporting.Projections;

namespace Shop.Reporting.Rebuild;

/// <summary>
/// Reads the order module's read contract for reporting, the view <see cref="OrderHistoryView"/>
/// (<c>ConnectionStrings:OrderSource</c>), and turns each row into the events the order module published for it: every
/// order was submitted at <see cref="OrderHistoryView.SubmittedAt"/>; a confirmed or cancelled one then changed state at
/// <see cref="OrderHistoryView.CompletedAt"/>, which is the time its event carried.
/// </summary>
/// <remarks>
/// This is the one read of another module's database the project allows, and only for this offline job: the order
/// database is the system of record for orders, the events the reports are built from are not kept anywhere else, and
/// a rebuild (after a reporting bug, a lost database, a new read model) has nowhere else to start from. It reads the
/// view the order module publishes for it, never the order table: the view speaks the contracts' statuses, and the
/// order module's tests hold it to what its domain writes. The read runs in a read-only, repeatable-read transaction,
/// so it sees one consistent snapshot and cannot write; give the connection a role that can only <c>SELECT</c> from
/// the view.
/// </remarks>
internal sealed class OrderDatabaseSource(string connectionString) : IOrderHistorySource
{
    private const string SelectOrders =
        $"SELECT {OrderHistoryView.OrderId}, {OrderHistoryView.BuyerId}, {OrderHistoryView.Lines}::text, {OrderHistoryView.Total}, " +
        $"{OrderHistoryView.Status}, {OrderHistoryView.CancelReason}, {OrderHistoryView.SubmittedAt}, {OrderHistoryView.CompletedAt} " +
        $"FROM {OrderHistoryView.Name}";

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
                ?? throw new InvalidOperationException($"Order {orderId} has no lines in {OrderHistoryView.Name}.");
            var total = reader.GetDecimal(3);
            var status = await reader.IsDBNullAsync(4, cancellationToken) ? null : reader.GetString(4);
            var cancelReason = await reader.IsDBNullAsync(5, cancellationToken) ? null : reader.GetString(5);
            var submittedAt = reader.GetFieldValue<DateTimeOffset>(6);
            DateTimeOffset? completedAt = await reader.IsDBNullAsync(7, cancellationToken) ? null : reader.GetFieldValue<DateTimeOffset>(7);
            yield return History(orderId, buyerId, lines, total, status, cancelReason, submittedAt, completedAt);
        }
    }

    /// <summary>The events the order module published for an order with <paramref name="status"/>.</summary>
    private static OrderHistory History(
        Guid orderId, string buyerId, IReadOnlyList<OrderLine> lines, decimal total, string? status, string? cancelReason,
        DateTimeOffset submittedAt, DateTimeOffset? completedAt)
    {
        var submitted = new OrderEvent(OrderEventKind.Submitted, orderId, buyerId, lines, total, submittedAt, submittedAt, null);
        IReadOnlyList<OrderEvent> events = status switch
        {
            OrderStatuses.Pending => [submitted],
            OrderStatuses.Confirmed => [submitted, submitted with { Kind = OrderEventKind.Confirmed, OccurredAt = Completed(orderId, completedAt) }],
            OrderStatuses.Cancelled => [submitted, submitted with
            {
                Kind = OrderEventKind.Cancelled,
                OccurredAt = Completed(orderId, completedAt),
                CancelReason = cancelReason ?? throw new InvalidOperationException($"Cancelled order {orderId} has no cancel reason in {OrderHistoryView.Name}."),
            }],
            // Better to stop than to rebuild figures that silently leave orders out. The view maps a state it does not
            // know to no status, so a new order state stops the rebuild here until the view maps it.
            _ => throw new InvalidOperationException(
                $"Order {orderId} has status '{status ?? "(none)"}' in {OrderHistoryView.Name}, which the rebuild does not know; " +
                "the order module's view must map every order state to one of OrderStatuses."),
        };
        return new OrderHistory(orderId, events);
    }

    private static DateTimeOffset Completed(Guid orderId, DateTimeOffset? completedAt) =>
        completedAt ?? throw new InvalidOperationException($"Final order {orderId} has no {OrderHistoryView.CompletedAt} in {OrderHistoryView.Name}.");
}

/// <summary>The order lines as the order module stores them: a jsonb array of camel-cased <see cref="OrderLine"/>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(List<OrderLine>))]
internal sealed partial class OrderSourceJsonContext : JsonSerializerContext;

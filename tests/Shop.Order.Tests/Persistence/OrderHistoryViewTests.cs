using System.Text.Json;
using Npgsql;
using Shop.Order.Contracts;
using Shop.Order.Domain;
using Shop.Order.Features.Shared;
using Shop.Order.Tests.Infrastructure;
using OrderEntity = Shop.Order.Domain.Order;

namespace Shop.Order.Tests.Persistence;

/// <summary>
/// <see cref="OrderHistoryView"/>, the order module's read contract for Reporting's rebuild: created by the module's
/// migrations, it shows every order the domain wrote as the module's events describe it.
/// </summary>
public sealed class OrderHistoryViewTests(OrderAppFixture app) : IClassFixture<OrderAppFixture>
{
    private static readonly DateTimeOffset SubmittedAt = new(2026, 11, 27, 9, 15, 30, 123, TimeSpan.Zero);
    private static readonly DateTimeOffset CompletedAt = SubmittedAt.AddSeconds(2.5);

    /// <summary>Every way an order can end up, as (state name, cancel reason).</summary>
    public static TheoryData<string, string?> Outcomes => new()
    {
        { nameof(OrderState.Submitted), null },
        { nameof(OrderState.StockReserved), null },
        { nameof(OrderState.Confirmed), null },
        { nameof(OrderState.Cancelled), CancelReasons.OutOfStock },
        { nameof(OrderState.Cancelled), CancelReasons.PaymentDeclined },
    };

    [Fact]
    public void Outcomes_CoverEveryOrderState() =>
        // A new state must be mapped by the view (in a new migration) and named here.
        Assert.Equal(Enum.GetNames<OrderState>().Order(), Outcomes.Select(row => (string)row[0]).Distinct().Order());

    [Theory]
    [MemberData(nameof(Outcomes))]
    public async Task View_OrderTheDomainWrote_ShowsItAsItsEventsDescribeIt(string stateName, string? cancelReason)
    {
        var state = Enum.Parse<OrderState>(stateName);
        var order = InState(state, cancelReason);
        await app.WithDbContextAsync(async db =>
        {
            db.Orders.Add(order);
            return await db.SaveChangesAsync();
        });

        var row = await ReadAsync(order.Id);

        var submitted = OrderRecords.Submitted(order);
        Assert.Equal(submitted.OrderId, row.OrderId);
        Assert.Equal(submitted.BuyerId, row.BuyerId);
        Assert.Equal(submitted.Lines, row.Lines);
        Assert.Equal(submitted.Total, row.Total);
        Assert.Equal(submitted.SubmittedAt, row.SubmittedAt);
        Assert.Equal(OrderRecords.Status(state), row.Status);
        switch (row.Status)
        {
            case OrderStatuses.Pending:
                Assert.Null(row.CompletedAt);
                Assert.Null(row.CancelReason);
                break;
            case OrderStatuses.Confirmed:
                Assert.Equal(OrderRecords.Confirmed(order).ConfirmedAt, row.CompletedAt);
                Assert.Null(row.CancelReason);
                break;
            default:
                var cancelled = OrderRecords.Cancelled(order);
                Assert.Equal(cancelled.CancelledAt, row.CompletedAt);
                Assert.Equal(cancelled.Reason, row.CancelReason);
                break;
        }
    }

    private static OrderEntity InState(OrderState state, string? cancelReason)
    {
        var order = OrderEntity.Submit(
            Guid.NewGuid(), $"buyer-{Guid.NewGuid():N}", "key-1",
            [new OrderItem(Guid.NewGuid(), "Lamp, \"Nordic\"", 49.90m, 2), new OrderItem(Guid.NewGuid(), "Bulb", 3.05m, 7)],
            SubmittedAt);
        switch (state, cancelReason)
        {
            case (OrderState.Submitted, _):
                break;
            case (OrderState.StockReserved, _):
                order.MarkStockReserved(CompletedAt.AddSeconds(-1));
                break;
            case (OrderState.Confirmed, _):
                order.MarkStockReserved(CompletedAt.AddSeconds(-1));
                order.Confirm(CompletedAt);
                break;
            case (OrderState.Cancelled, CancelReasons.OutOfStock):
                order.CancelOutOfStock(CompletedAt);
                break;
            case (OrderState.Cancelled, CancelReasons.PaymentDeclined):
                order.MarkStockReserved(CompletedAt.AddSeconds(-1));
                order.CancelPaymentDeclined(CompletedAt);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(state), state, "No way to reach this state is written here yet.");
        }
        Assert.Equal(state, order.State);
        return order;
    }

    private async Task<ViewRow> ReadAsync(Guid orderId)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"SELECT {OrderHistoryView.OrderId}, {OrderHistoryView.BuyerId}, {OrderHistoryView.Lines}::text, {OrderHistoryView.Total}, " +
            $"{OrderHistoryView.Status}, {OrderHistoryView.CancelReason}, {OrderHistoryView.SubmittedAt}, {OrderHistoryView.CompletedAt} " +
            $"FROM {OrderHistoryView.Name} WHERE {OrderHistoryView.OrderId} = @id",
            connection);
        command.Parameters.AddWithValue("id", orderId);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"order {orderId} is in {OrderHistoryView.Name}");
        return new ViewRow(
            reader.GetGuid(0),
            reader.GetString(1),
            JsonSerializer.Deserialize<List<OrderLine>>(reader.GetString(2), JsonSerializerOptions.Web)!,
            reader.GetDecimal(3),
            reader.IsDBNull(4) ? null : reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetString(5),
            reader.GetFieldValue<DateTimeOffset>(6),
            reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7));
    }

    private sealed record ViewRow(
        Guid OrderId, string BuyerId, IReadOnlyList<OrderLine> Lines, decimal Total, string? Status, string? CancelReason,
        DateTimeOffset SubmittedAt, DateTimeOffset? CompletedAt);
}

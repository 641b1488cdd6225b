using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Shop.Order;
using Shop.Order.Contracts.Messages;
using Shop.ServiceDefaults.Commands;

namespace Shop.Reporting.Tests.Infrastructure;

/// <summary>
/// An order database of the test's own, created by the order module's real <c>migrate</c> command, so the rebuild is
/// tested against the schema the order module actually has. Rows are written the way the order module stores them.
/// </summary>
internal sealed class OrderDatabase : IAsyncDisposable
{
    private static readonly JsonSerializerOptions LineJson = new(JsonSerializerDefaults.Web);

    private readonly PostgresTestDatabase _database;

    private OrderDatabase(PostgresTestDatabase database) => _database = database;

    public string ConnectionString => _database.ConnectionString;

    public static async Task<OrderDatabase> CreateAsync()
    {
        // Only named here: the order module's migrate command creates it, as it does in a deployment.
        var database = new OrderDatabase(PostgresTestDatabase.Reserve("reporting_test_orders"));
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:" + OrderModule.DatabaseConnectionName] = database.ConnectionString,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.AddOrderModule();
        await using var host = builder.Build();
        foreach (var command in host.Services.GetServices<IHostCommand>().Where(c => c.Name == "migrate"))
        {
            await command.RunAsync(CancellationToken.None);
        }
        return database;
    }

    /// <summary>
    /// Stores <paramref name="order"/> in <paramref name="state"/> (the order module's state names), as the order module
    /// would have after publishing the events of that state: <c>updated_at</c> is when it was confirmed or cancelled.
    /// </summary>
    public async Task InsertAsync(TestOrder order, string state, DateTimeOffset? updatedAt = null, string? cancelReason = null)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "INSERT INTO ordering.orders (id, buyer_id, idempotency_key, total, state, cancel_reason, created_at, updated_at, lines) " +
            "VALUES (@id, @buyer_id, @key, @total, @state, @cancel_reason, @created_at, @updated_at, @lines::jsonb)",
            connection);
        command.Parameters.AddWithValue("id", order.OrderId);
        command.Parameters.AddWithValue("buyer_id", order.BuyerId);
        command.Parameters.AddWithValue("key", $"key-{order.OrderId:N}");
        command.Parameters.AddWithValue("total", order.Total);
        command.Parameters.AddWithValue("state", state);
        command.Parameters.AddWithValue("cancel_reason", (object?)cancelReason ?? DBNull.Value);
        command.Parameters.AddWithValue("created_at", order.SubmittedAt.ToUniversalTime());
        command.Parameters.AddWithValue("updated_at", (updatedAt ?? order.SubmittedAt).ToUniversalTime());
        command.Parameters.AddWithValue("lines", JsonSerializer.Serialize(order.Lines.ToList(), LineJson));
        await command.ExecuteNonQueryAsync();
    }

    public Task InsertConfirmedAsync(TestOrder order, OrderConfirmed confirmed) =>
        InsertAsync(order, "Confirmed", confirmed.ConfirmedAt);

    public Task InsertCancelledAsync(TestOrder order, OrderCancelled cancelled) =>
        InsertAsync(order, "Cancelled", cancelled.CancelledAt, cancelled.Reason);

    public ValueTask DisposeAsync() => _database.DisposeAsync();
}

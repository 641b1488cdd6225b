using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Shop.Bench.Invariants;
using Shop.Catalog;
using Shop.Order;
using Shop.Reporting;
using Shop.ServiceDefaults.Commands;

namespace Shop.Bench.Tests.Infrastructure;

/// <summary>
/// One database holding the catalog, ordering and reporting schemas, as the monolith keeps them, created by the three
/// modules' own <c>migrate</c> commands (so the invariants are tested against the schema the modules really have, with
/// the seeded catalog). Migrated once per test class; every test gets a copy of its own (<see cref="CopyAsync"/>).
/// </summary>
public sealed class MigratedShopDatabase : IAsyncLifetime
{
    private readonly PostgresTestDatabase _template = PostgresTestDatabase.Reserve("bench_template");

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:" + CatalogModule.DatabaseConnectionName] = _template.ConnectionString,
            ["ConnectionStrings:" + OrderModule.DatabaseConnectionName] = _template.ConnectionString,
            ["ConnectionStrings:" + ReportingModule.DatabaseConnectionName] = _template.ConnectionString,
            ["ConnectionStrings:Redis"] = TestServers.Redis,
            ["ConnectionStrings:RabbitMq"] = TestServers.RabbitMq.ToString(),
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.AddCatalogModule();
        builder.AddOrderModule();
        builder.AddReportingModule();
        await using (var host = builder.Build())
        {
            foreach (var command in host.Services.GetServices<IHostCommand>().Where(c => c.Name == "migrate"))
            {
                await command.RunAsync(CancellationToken.None);
            }
        }
        // A template must have no session left, or CREATE DATABASE ... TEMPLATE refuses.
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>A database of the test's own, copied from the migrated one; dropped when disposed.</summary>
    public async Task<ShopDatabase> CopyAsync()
    {
        var copy = PostgresTestDatabase.Reserve("bench_invariants");
        await using var connection = new NpgsqlConnection(TestServers.PostgresMaintenance);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{copy.Name}\" TEMPLATE \"{_template.Name}\"", connection);
        await create.ExecuteNonQueryAsync();
        return new ShopDatabase(copy);
    }

    public async Task DisposeAsync() => await _template.DisposeAsync();
}

/// <summary>A test's own copy of the migrated database, with the writes the tests arrange.</summary>
public sealed class ShopDatabase(PostgresTestDatabase database) : IAsyncDisposable
{
    public ShopDatabases Databases { get; } = new(database.ConnectionString, database.ConnectionString, database.ConnectionString);

    public string ConnectionString => database.ConnectionString;

    /// <summary>Products of the seeded catalog, in SKU order, with their stock.</summary>
    public async Task<IReadOnlyList<(Guid Id, int Stock, decimal Price)>> ProductsAsync(int count)
    {
        var products = new List<(Guid, int, decimal)>();
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id, stock, price FROM catalog.products ORDER BY sku LIMIT @count", connection);
        command.Parameters.AddWithValue("count", count);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            products.Add((reader.GetGuid(0), reader.GetInt32(1), reader.GetDecimal(2)));
        }
        return products;
    }

    public async Task ChangeStockAsync(Guid productId, int delta) =>
        await ExecuteAsync("UPDATE catalog.products SET stock = stock + @delta WHERE id = @id", ("delta", delta), ("id", productId));

    /// <summary>Writes an order row as the order module stores it; lines are (product, quantity, unit price).</summary>
    public async Task<Guid> InsertOrderAsync(string state, params (Guid ProductId, int Quantity, decimal UnitPrice)[] lines)
    {
        var id = Guid.NewGuid();
        var total = lines.Sum(l => l.Quantity * l.UnitPrice);
        var json = "[" + string.Join(",", lines.Select(l =>
            FormattableString.Invariant($"{{\"productId\":\"{l.ProductId}\",\"name\":\"p\",\"unitPrice\":{l.UnitPrice},\"quantity\":{l.Quantity}}}"))) + "]";
        await ExecuteAsync(
            "INSERT INTO ordering.orders (id, buyer_id, idempotency_key, total, state, cancel_reason, created_at, updated_at, lines) " +
            "VALUES (@id, @buyer, @key, @total, @state, @reason, now(), now(), @lines::jsonb)",
            ("id", id), ("buyer", "buyer-" + id.ToString("N")[..8]), ("key", "key-" + id.ToString("N")), ("total", total), ("state", state),
            ("reason", state == "Cancelled" ? "out-of-stock" : DBNull.Value), ("lines", json));
        return id;
    }

    public async Task SetOrderStateAsync(Guid orderId, string state) =>
        await ExecuteAsync("UPDATE ordering.orders SET state = @state, cancel_reason = @reason WHERE id = @id",
            ("state", state), ("reason", state == "Cancelled" ? "out-of-stock" : DBNull.Value), ("id", orderId));

    /// <summary>Adds an order to the reports' status counters, as the reporting projection would.</summary>
    public async Task ReportAsync(string status, long orders, long items, decimal amount) =>
        await ExecuteAsync(
            "INSERT INTO reporting.order_status_counts (status, cancel_reason, orders, items, amount) VALUES (@status, @reason, @orders, @items, @amount) " +
            "ON CONFLICT (status, cancel_reason) DO UPDATE SET orders = order_status_counts.orders + excluded.orders, " +
            "items = order_status_counts.items + excluded.items, amount = order_status_counts.amount + excluded.amount",
            ("status", status), ("reason", status == "Cancelled" ? "out-of-stock" : ""), ("orders", orders), ("items", items), ("amount", amount));

    public async Task InsertUnsentOutboxMessageAsync() =>
        await ExecuteAsync(
            "INSERT INTO ordering.outbox_messages (id, message_type, body, occurred_at, attempts) VALUES (@id, 'Test', '{}'::jsonb, now(), 0)",
            ("id", Guid.NewGuid()));

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    private async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        await command.ExecuteNonQueryAsync();
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}

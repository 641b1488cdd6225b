using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Shop.Order.Tests.Infrastructure;
using Shop.ServiceDefaults.Commands;

namespace Shop.Order.Tests.Persistence;

/// <summary>The fixture's database did not exist before <c>migrate</c> ran; these tests look at what it made.</summary>
public sealed class MigrateOrderCommandTests(OrderAppFixture app) : IClassFixture<OrderAppFixture>
{
    [Fact]
    public async Task Migrate_NewDatabase_KeepsTablesAndHistoryInOrderingSchema()
    {
        var tables = await TablesAsync();

        Assert.Equal(["ordering.__EFMigrationsHistory", "ordering.inbox_messages", "ordering.orders", "ordering.outbox_messages"], tables);
    }

    [Fact]
    public async Task Migrate_RunAgainThroughTheHost_ChangesNothing()
    {
        var before = await app.WithDbContextAsync(db => db.Database.GetAppliedMigrationsAsync());
        var commands = app.Services.GetServices<IHostCommand>().Where(c => c.Name == "migrate").ToList();

        var command = Assert.Single(commands);
        await command.RunAsync(CancellationToken.None);

        Assert.Equal(before, await app.WithDbContextAsync(db => db.Database.GetAppliedMigrationsAsync()));
        Assert.Empty(await app.WithDbContextAsync(db => db.Database.GetPendingMigrationsAsync()));
        Assert.Equal(4, (await TablesAsync()).Count);
    }

    private async Task<List<string>> TablesAsync()
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT table_schema, table_name FROM information_schema.tables " +
            "WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_type = 'BASE TABLE' ORDER BY 1, 2",
            connection);
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            tables.Add($"{reader.GetString(0)}.{reader.GetString(1)}");
        }
        return tables;
    }
}

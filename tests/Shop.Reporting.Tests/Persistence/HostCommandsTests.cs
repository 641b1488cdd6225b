using Npgsql;
using Shop.Reporting.Tests.Infrastructure;

namespace Shop.Reporting.Tests.Persistence;

/// <summary>The host commands of a reporting host that has no order database configured.</summary>
public sealed class HostCommandsTests(ReportingAppFixture app) : IClassFixture<ReportingAppFixture>
{
    [Fact]
    public async Task Migrate_NewDatabase_KeepsTablesAndHistoryInReportingSchema()
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT table_schema || '.' || table_name FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1",
            connection);
        var tables = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        Assert.Equal(
            [
                "reporting.__EFMigrationsHistory",
                "reporting.funnel_buyers",
                "reporting.inbox_messages",
                "reporting.order_status_counts",
                "reporting.orders",
                "reporting.outbox_messages",
                "reporting.product_sales",
                "reporting.rollup_state",
                "reporting.sales_hours",
                "reporting.sales_minutes",
            ],
            tables);
    }

    [Fact]
    public async Task Migrate_RunAgain_Succeeds()
    {
        await app.RunCommandAsync("migrate");

        Assert.Equal(1L, await app.ScalarAsync("SELECT count(*) FROM reporting.\"__EFMigrationsHistory\""));
    }

    [Fact]
    public async Task Rollup_NothingToCompact_SetsTheHorizonAndExits()
    {
        await app.RunCommandAsync("rollup");

        var horizon = (DateTime)(await app.ScalarAsync("SELECT minutes_compacted_before FROM reporting.rollup_state"))!;
        Assert.InRange(horizon, DateTime.UtcNow.AddHours(-26), DateTime.UtcNow.AddHours(-24));
        Assert.Equal(0, horizon.Minute);
    }

    [Fact]
    public async Task Rebuild_NoOrderSourceConfigured_FailsNamingTheSetting()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => app.RunCommandAsync("rebuild"));

        Assert.Contains("ConnectionStrings:OrderSource", failure.Message, StringComparison.Ordinal);
    }
}

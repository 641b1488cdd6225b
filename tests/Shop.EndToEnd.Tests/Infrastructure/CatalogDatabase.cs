using Npgsql;

namespace Shop.EndToEnd.Tests.Infrastructure;

/// <summary>Direct reads and writes of a deployment's catalog rows, for arranging stock and checking invariants.</summary>
public static class CatalogDatabase
{
    public static async Task<Guid> ProductAtAsync(ShopDeployment deployment, int offset)
    {
        await using var connection = new NpgsqlConnection(deployment.CatalogDatabase);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id FROM catalog.products ORDER BY sku OFFSET @offset LIMIT 1", connection);
        command.Parameters.AddWithValue("offset", offset);
        return (Guid)(await command.ExecuteScalarAsync())!;
    }

    public static async Task SetStockAsync(ShopDeployment deployment, Guid productId, int stock)
    {
        await using var connection = new NpgsqlConnection(deployment.CatalogDatabase);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("UPDATE catalog.products SET stock = @stock WHERE id = @id", connection);
        command.Parameters.AddWithValue("stock", stock);
        command.Parameters.AddWithValue("id", productId);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    public static async Task<int> StockAsync(ShopDeployment deployment, Guid productId)
    {
        await using var connection = new NpgsqlConnection(deployment.CatalogDatabase);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT stock FROM catalog.products WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", productId);
        return (int)(await command.ExecuteScalarAsync())!;
    }
}

using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Shop.Catalog.Contracts;
using Shop.Catalog.Seeding;
using Shop.Catalog.Tests.Infrastructure;

namespace Shop.Catalog.Tests.Persistence;

public sealed class MigrateCatalogCommandTests(CatalogAppFixture app) : IClassFixture<CatalogAppFixture>
{
    [Fact]
    public async Task Migrate_NewDatabase_Seeds10000ProductsIn20Categories()
    {
        var (products, categories) = await app.WithDbContextAsync(async db =>
            (await db.Products.CountAsync(), await db.Categories.CountAsync()));

        Assert.Equal(CatalogSeed.ProductCount, products);
        Assert.Equal(20, categories);
    }

    [Fact]
    public async Task Migrate_NewDatabase_LeavesTheSeededTablesVacuumedAndAnalyzed()
    {
        await using var connection = new NpgsqlConnection(TestServers.PostgresDatabase(app.DatabaseName));
        await connection.OpenAsync();
        // relallvisible: pages the visibility map marks all-visible, so a count by index needs no heap visit; reltuples
        // is -1 until the table was analyzed.
        await using var command = new NpgsqlCommand(
            "SELECT relpages, relallvisible, reltuples FROM pg_class WHERE oid = 'catalog.products'::regclass", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var (pages, allVisible, tuples) = (reader.GetInt32(0), reader.GetInt32(1), reader.GetFloat(2));

        Assert.True(pages > 0, "no pages: the table was never vacuumed or analyzed");
        Assert.Equal(pages, allVisible);
        Assert.Equal(CatalogSeed.ProductCount, tuples);
    }

    [Fact]
    public async Task Migrate_RunAgain_KeepsExistingCatalog()
    {
        var before = await app.WithDbContextAsync(db => db.Products.CountAsync());

        await app.RunMigrateAsync();

        var after = await app.WithDbContextAsync(db => db.Products.CountAsync());
        Assert.Equal(CatalogSeed.ProductCount, before);
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Migrate_SeededProduct_HasIdDerivedFromSku()
    {
        using var client = app.CreateClient();

        var product = await client.GetFromJsonAsync<ProductDetails>($"/api/catalog/products/{CatalogSeed.ProductId("ELC-00186")}");

        Assert.NotNull(product);
        Assert.Equal("ELC-00186", product.Sku);
        Assert.Equal("Voltix Wireless Action Camera, Black", product.Name);
        Assert.Equal("electronics", product.Category);
        Assert.Equal(CatalogSeed.CategoryId("electronics"), product.CategoryId);
    }

    [Fact]
    public async Task Migrate_NewDatabase_KeepsTablesAndHistoryInCatalogSchema()
    {
        await using var connection = new NpgsqlConnection(TestServers.PostgresDatabase(app.DatabaseName));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 2",
            connection);
        var tables = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add($"{reader.GetString(0)}.{reader.GetString(1)}");
            }
        }

        Assert.Equal(
            [
                "catalog.__EFMigrationsHistory",
                "catalog.categories",
                "catalog.inbox_messages",
                "catalog.outbox_messages",
                "catalog.products",
                "catalog.stock_reservations",
            ],
            tables);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Shop.Catalog.Diagnostics;
using Shop.Catalog.Persistence;
using CategoryColumns = Shop.Catalog.Persistence.CatalogSchema.Categories;
using ProductColumns = Shop.Catalog.Persistence.CatalogSchema.Products;

namespace Shop.Catalog.Seeding;

/// <summary>
/// Fills an empty catalog with <see cref="CatalogSeed"/>'s rows using PostgreSQL's binary COPY, which writes
/// 10,000 products in a fraction of a second where row-by-row inserts through EF take many seconds.
/// </summary>
internal sealed class CatalogSeeder(CatalogDbContext db, TimeProvider time, ILogger<CatalogSeeder> logger)
{
    private const string CategoriesTable = CatalogSchema.Name + "." + CategoryColumns.Table;
    private const string ProductsTable = CatalogSchema.Name + "." + ProductColumns.Table;

    // SHARE ROW EXCLUSIVE conflicts with itself: when two hosts migrate at once (replicas starting together, a
    // retried Kubernetes Job), the second waits for the first to commit and then finds the products already there.
    private const string LockTables = "LOCK TABLE " + CategoriesTable + ", " + ProductsTable + " IN SHARE ROW EXCLUSIVE MODE";

    private const string CopyCategories =
        "COPY " + CategoriesTable + " (" + CategoryColumns.Id + ", " + CategoryColumns.Name + ", " + CategoryColumns.Slug
        + ") FROM STDIN (FORMAT BINARY)";

    private const string CopyProducts =
        "COPY " + ProductsTable + " (" + ProductColumns.Id + ", " + ProductColumns.Sku + ", " + ProductColumns.Name + ", "
        + ProductColumns.Description + ", " + ProductColumns.CategoryId + ", " + ProductColumns.Price + ", "
        + ProductColumns.Stock + ", " + ProductColumns.UpdatedAt + ") FROM STDIN (FORMAT BINARY)";

    // Freshly copied rows are not yet marked all-visible, so until autovacuum gets to them (a minute or more) every
    // listing's count visits all 10,000 rows in the heap instead of the index alone, and the planner has no statistics:
    // a Shop measured right after it starts paid several times the database CPU per listing. Outside the transaction,
    // as VACUUM must be.
    private const string VacuumTables = "VACUUM (ANALYZE) " + CategoriesTable + ", " + ProductsTable;

    /// <summary>Seeds when the catalog has neither products nor categories; otherwise leaves it as it is.</summary>
    public async Task SeedIfEmptyAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync(LockTables, cancellationToken);

        var productCount = await db.Products.LongCountAsync(cancellationToken);
        if (productCount > 0)
        {
            logger.SeedingSkipped(productCount);
            return;
        }
        var categoryCount = await db.Categories.LongCountAsync(cancellationToken);
        if (categoryCount > 0)
        {
            logger.SeedingSkippedPartialCatalog(categoryCount);
            return;
        }

        var seed = CatalogSeed.Generate(time.GetUtcNow());
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await CopyCategoriesAsync(connection, seed, cancellationToken);
        await CopyProductsAsync(connection, seed, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync(VacuumTables, cancellationToken);

        logger.CatalogSeeded(seed.Categories.Count, seed.Products.Count, (long)time.GetElapsedTime(started).TotalMilliseconds);
    }

    private static async Task CopyCategoriesAsync(NpgsqlConnection connection, CatalogSeedData seed, CancellationToken cancellationToken)
    {
        await using var importer = await connection.BeginBinaryImportAsync(CopyCategories, cancellationToken);
        foreach (var category in seed.Categories)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(category.Id, NpgsqlDbType.Uuid, cancellationToken);
            await importer.WriteAsync(category.Name, NpgsqlDbType.Varchar, cancellationToken);
            await importer.WriteAsync(category.Slug, NpgsqlDbType.Varchar, cancellationToken);
        }
        await importer.CompleteAsync(cancellationToken);
    }

    private static async Task CopyProductsAsync(NpgsqlConnection connection, CatalogSeedData seed, CancellationToken cancellationToken)
    {
        await using var importer = await connection.BeginBinaryImportAsync(CopyProducts, cancellationToken);
        foreach (var product in seed.Products)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(product.Id, NpgsqlDbType.Uuid, cancellationToken);
            await importer.WriteAsync(product.Sku, NpgsqlDbType.Varchar, cancellationToken);
            await importer.WriteAsync(product.Name, NpgsqlDbType.Varchar, cancellationToken);
            await importer.WriteAsync(product.Description, NpgsqlDbType.Varchar, cancellationToken);
            if (product.CategoryId is { } categoryId)
            {
                await importer.WriteAsync(categoryId, NpgsqlDbType.Uuid, cancellationToken);
            }
            else
            {
                await importer.WriteNullAsync(cancellationToken);
            }
            await importer.WriteAsync(product.Price, NpgsqlDbType.Numeric, cancellationToken);
            await importer.WriteAsync(product.Stock, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(product.UpdatedAt, NpgsqlDbType.TimestampTz, cancellationToken);
        }
        await importer.CompleteAsync(cancellationToken);
    }
}

using Microsoft.EntityFrameworkCore;
using Shop.Catalog.Domain;
using Shop.Messaging.Persistence;

namespace Shop.Catalog.Persistence;

internal sealed class CatalogDbContext(DbContextOptions<CatalogDbContext> options) : DbContext(options)
{
    public DbSet<Product> Products => Set<Product>();

    public DbSet<Category> Categories => Set<Category>();

    public DbSet<StockReservation> StockReservations => Set<StockReservation>();

    /// <summary>The one place that says how the catalog talks to PostgreSQL, shared by the app and the EF tools.</summary>
    public static void Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, npgsql => npgsql
            .MigrationsHistoryTable(CatalogSchema.MigrationsHistoryTable, CatalogSchema.Name));

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(CatalogSchema.Name);
        // Trigram indexes make the substring search (ILIKE '%q%') an index scan instead of a full table scan.
        modelBuilder.HasPostgresExtension("pg_trgm");
        modelBuilder.ApplyConfiguration(new CategoryConfiguration());
        modelBuilder.ApplyConfiguration(new ProductConfiguration());
        modelBuilder.ApplyConfiguration(new StockReservationConfiguration());
        // outbox_messages and inbox_messages in the catalog schema, so consumers and endpoints stage messages in the
        // same transaction as the stock or price change they report.
        modelBuilder.MapOutboxAndInbox();
    }
}

using Microsoft.EntityFrameworkCore;
using Shop.Messaging.Persistence;
using Shop.Reporting.Projections;

namespace Shop.Reporting.Persistence;

internal sealed class ReportingDbContext(DbContextOptions<ReportingDbContext> options) : DbContext(options)
{
    public DbSet<ReportedOrder> Orders => Set<ReportedOrder>();

    public DbSet<ProductSalesRow> ProductSales => Set<ProductSalesRow>();

    public DbSet<SalesMinuteRow> SalesMinutes => Set<SalesMinuteRow>();

    public DbSet<SalesHourRow> SalesHours => Set<SalesHourRow>();

    public DbSet<OrderStatusCountRow> OrderStatusCounts => Set<OrderStatusCountRow>();

    public DbSet<FunnelBuyerRow> FunnelBuyers => Set<FunnelBuyerRow>();

    public DbSet<RollupStateRow> RollupState => Set<RollupStateRow>();

    /// <summary>The one place that says how the reports talk to PostgreSQL, shared by the app and the EF tools.</summary>
    public static void Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, npgsql => npgsql
            .MigrationsHistoryTable(ReportingSchema.MigrationsHistoryTable, ReportingSchema.Name)
            // A dropped connection, a failover or a deadlock victim is retried here; the consumers' transactions run
            // inside the execution strategy, so a retry repeats the whole unit of work, inbox row included.
            .EnableRetryOnFailure());

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(ReportingSchema.Name);
        modelBuilder.ApplyConfiguration(new ReportedOrderConfiguration());
        modelBuilder.ApplyConfiguration(new ProductSalesConfiguration());
        modelBuilder.ApplyConfiguration(new SalesMinuteConfiguration());
        modelBuilder.ApplyConfiguration(new SalesHourConfiguration());
        modelBuilder.ApplyConfiguration(new OrderStatusCountConfiguration());
        modelBuilder.ApplyConfiguration(new FunnelBuyerConfiguration());
        modelBuilder.ApplyConfiguration(new RollupStateConfiguration());
        // inbox_messages makes every consumer apply an event once; outbox_messages is mapped because the outbox relay
        // is also what deletes old inbox rows, even though the reports publish nothing.
        modelBuilder.MapOutboxAndInbox();
    }
}

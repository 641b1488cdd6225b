using Microsoft.EntityFrameworkCore;
using Shop.Messaging.Persistence;

namespace Shop.Order.Persistence;

internal sealed class OrderDbContext(DbContextOptions<OrderDbContext> options) : DbContext(options)
{
    public DbSet<Domain.Order> Orders => Set<Domain.Order>();

    /// <summary>The one place that says how the order module talks to PostgreSQL, shared by the app and the EF tools.</summary>
    public static void Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, npgsql => npgsql
            .MigrationsHistoryTable(OrderSchema.MigrationsHistoryTable, OrderSchema.Name)
            // A dropped connection or a failover is retried here rather than costing a message retry; the consumers'
            // explicit transactions run inside the execution strategy, so a retry repeats the whole unit of work.
            // Kept short: a longer outage is the message retry policy's business, and API callers should not hang.
            .EnableRetryOnFailure(maxRetryCount: 3, maxRetryDelay: TimeSpan.FromSeconds(2), errorCodesToAdd: null));

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(OrderSchema.Name);
        modelBuilder.ApplyConfiguration(new OrderConfiguration());
        // outbox_messages and inbox_messages in this schema, so a state change and its messages commit together.
        modelBuilder.MapOutboxAndInbox();
    }
}

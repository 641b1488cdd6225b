using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Shop.Messaging.Persistence;

namespace Shop.Messaging.Tests.TestModule;

/// <summary>A module DbContext as a real module would have one: its own schema, its own tables, plus outbox and inbox.</summary>
public sealed class TestDbContext(DbContextOptions<TestDbContext> options) : DbContext(options)
{
    public const string Schema = "testmodule";

    public DbSet<TestOrder> Orders => Set<TestOrder>();

    public DbSet<Counter> Counters => Set<Counter>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.Entity<TestOrder>(order =>
        {
            order.ToTable("orders");
            order.Property(o => o.Id).HasColumnName("id").ValueGeneratedNever();
            order.Property(o => o.Description).HasColumnName("description").HasMaxLength(200);
        });
        modelBuilder.Entity<Counter>(counter =>
        {
            counter.ToTable("counters");
            counter.Property(c => c.Id).HasColumnName("id").ValueGeneratedNever();
            counter.Property(c => c.Value).HasColumnName("value");
        });
        modelBuilder.MapOutboxAndInbox();
    }
}

/// <summary>A state change that commits together with the message it announces.</summary>
public sealed class TestOrder
{
    public Guid Id { get; set; }

    public string Description { get; set; } = "";
}

/// <summary>
/// The effect of an idempotent consumer: adding is not idempotent by itself, so a value that is off by one amount
/// proves a duplicate got through.
/// </summary>
public sealed class Counter
{
    public Guid Id { get; set; }

    public int Value { get; set; }
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a host.</summary>
public sealed class TestDbContextDesignTimeFactory : IDesignTimeDbContextFactory<TestDbContext>
{
    public TestDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<TestDbContext>().UseNpgsql("Host=127.0.0.1;Database=design_time_only").Options);
}

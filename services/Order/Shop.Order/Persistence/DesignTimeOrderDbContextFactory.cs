using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Shop.Order.Persistence;

/// <summary>
/// Lets <c>dotnet ef</c> build the context without starting a host. Adding a migration never connects; commands
/// that do (database update, script with idempotency checks) use <c>ConnectionStrings__Order</c> when set.
/// </summary>
internal sealed class DesignTimeOrderDbContextFactory : IDesignTimeDbContextFactory<OrderDbContext>
{
    private const string LocalDevelopmentDatabase = "Host=127.0.0.1;Port=15432;Database=shop_order;Username=shop;Password=shop";

    public OrderDbContext CreateDbContext(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Order") ?? LocalDevelopmentDatabase;
        var options = new DbContextOptionsBuilder<OrderDbContext>();
        OrderDbContext.Configure(options, connectionString);
        return new OrderDbContext(options.Options);
    }
}

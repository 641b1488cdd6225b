using Microsoft.EntityFrameworkCore;
using Shop.Messaging.Tests.TestModule;

namespace Shop.Messaging.Tests.Infrastructure;

/// <summary>A database of its own for one test class, created with the test module's migrations and dropped afterwards.</summary>
public sealed class TestModuleDatabase : IAsyncDisposable
{
    private readonly PostgresTestDatabase _database;

    private TestModuleDatabase(PostgresTestDatabase database) => _database = database;

    public string Name => _database.Name;

    public string ConnectionString => _database.ConnectionString;

    public static async Task<TestModuleDatabase> CreateAsync()
    {
        var database = new TestModuleDatabase(await PostgresTestDatabase.CreateAsync("shop_messaging"));
        try
        {
            await using var db = database.CreateDbContext();
            await db.Database.MigrateAsync();
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
        return database;
    }

    public TestDbContext CreateDbContext() =>
        new(new DbContextOptionsBuilder<TestDbContext>().UseNpgsql(ConnectionString).Options);

    public ValueTask DisposeAsync() => _database.DisposeAsync();
}

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

    /// <summary>A counter of its own for one test, starting at zero.</summary>
    public async Task<Guid> CreateCounterAsync()
    {
        var id = Guid.NewGuid();
        await using var db = CreateDbContext();
        db.Counters.Add(new Counter { Id = id });
        await db.SaveChangesAsync();
        return id;
    }

    public async Task<int> CounterValueAsync(Guid id)
    {
        await using var db = CreateDbContext();
        return (await db.Counters.AsNoTracking().SingleAsync(c => c.Id == id)).Value;
    }
}

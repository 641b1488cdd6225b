using Microsoft.EntityFrameworkCore;

namespace Shop.Persistence;

/// <summary>
/// A module's PostgreSQL database, as <see cref="ModuleDatabase.AddModuleDatabase{TDbContext}"/> registers it: where
/// its connection string is, how its DbContext uses it, and what its <c>migrate</c> command does besides migrating.
/// </summary>
/// <typeparam name="TDbContext">The module's DbContext; its migrations are the module's.</typeparam>
/// <param name="ModuleName">The module's name, such as <c>catalog</c>; logs of its <c>migrate</c> command carry it.</param>
/// <param name="ConnectionName">Its connection string's name, such as <c>Catalog</c> (<c>ConnectionStrings:Catalog</c>).</param>
/// <param name="ExampleDatabase">The database a missing-setting message suggests, such as <c>shop_catalog</c>.</param>
/// <param name="HealthCheckName">The name of its readiness check, such as <c>catalog-postgres</c>.</param>
/// <param name="Configure">How the context uses the connection string: the method the module's design-time factory calls too.</param>
public sealed record PostgresModuleDatabase<TDbContext>(
    string ModuleName,
    string ConnectionName,
    string ExampleDatabase,
    string HealthCheckName,
    Action<DbContextOptionsBuilder, string> Configure)
    where TDbContext : DbContext
{
    /// <summary>
    /// The module's own step of <c>migrate</c>, run after the migrations in the same service scope (the catalog seeds
    /// itself here); null when there is none. Like the migrations, it must be safe to run again and concurrently.
    /// </summary>
    public Func<IServiceProvider, CancellationToken, Task>? AfterMigrating { get; init; }
}

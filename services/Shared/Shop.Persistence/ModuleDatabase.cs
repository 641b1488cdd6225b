using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Shop.ServiceDefaults.Commands;
using Shop.ServiceDefaults.Health;

namespace Shop.Persistence;

/// <summary>How a module with a PostgreSQL database registers it: the same way in every module and every host.</summary>
public static class ModuleDatabase
{
    /// <summary>
    /// Reads and checks the module's connection string (failing at once, naming it, when it is missing or malformed),
    /// then registers the DbContext, the module's <c>migrate</c> command and a readiness check that opens a connection.
    /// </summary>
    /// <returns>The connection string, for what else of the module needs it.</returns>
    public static string AddModuleDatabase<TDbContext>(
        this IServiceCollection services, IConfiguration configuration, PostgresModuleDatabase<TDbContext> database)
        where TDbContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(database);
        var connectionString = PostgresConnectionString.Require(configuration, database.ConnectionName, database.ExampleDatabase);

        services.AddDbContext<TDbContext>(options => database.Configure(options, connectionString));
        services.TryAddSingleton(database);
        services.TryAddSingleton(TimeProvider.System);
        // One migrate command per DbContext: a host that composes several modules migrates each of them.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostCommand, MigrateCommand<TDbContext>>());
        services.AddHealthChecks().AddPostgresReadiness(database.HealthCheckName, connectionString);
        return connectionString;
    }
}

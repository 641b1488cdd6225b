using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Shop.ServiceDefaults.Commands;

namespace Shop.Persistence.Tests;

/// <summary>
/// The <c>migrate</c> command <see cref="ModuleDatabase.AddModuleDatabase{TDbContext}"/> registers, against a database
/// that does not exist yet. The modules' own tests cover their migrations; these cover the shared part.
/// </summary>
public sealed class MigrateCommandTests
{
    [Fact]
    public async Task Migrate_NewDatabase_CreatesItThenRunsTheModulesStepInTheSameScope()
    {
        await using var database = PostgresTestDatabase.Reserve("persistence_test");
        var steps = new List<string>();
        var module = Module() with
        {
            AfterMigrating = async (services, cancellationToken) =>
            {
                var db = services.GetRequiredService<ProbeDbContext>();
                steps.Add(await db.Database.CanConnectAsync(cancellationToken) ? "database exists" : "no database");
            },
        };
        await using var provider = Services(database, module);

        await Migrate(provider);

        Assert.Equal(["database exists"], steps);
        Assert.Equal(0L, await ScalarAsync(database, "SELECT count(*) FROM probe.\"__EFMigrationsHistory\""));
    }

    [Fact]
    public async Task Migrate_RunAgain_Succeeds()
    {
        await using var database = PostgresTestDatabase.Reserve("persistence_test");
        await using var provider = Services(database, Module());

        await Migrate(provider);
        await Migrate(provider);

        Assert.Equal(0L, await ScalarAsync(database, "SELECT count(*) FROM probe.\"__EFMigrationsHistory\""));
    }

    [Fact]
    public async Task AddModuleDatabase_CalledTwice_RegistersOneMigrateCommandAndOneReadinessCheck()
    {
        await using var database = PostgresTestDatabase.Reserve("persistence_test");
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddModuleDatabase(Configuration(database), Module());
        services.AddModuleDatabase(Configuration(database), Module());
        await using var provider = services.BuildServiceProvider();

        Assert.Single(provider.GetServices<IHostCommand>(), command => command.Name == "migrate");
    }

    [Fact]
    public void AddModuleDatabase_ConnectionStringMissing_FailsAtRegistration()
    {
        var services = new ServiceCollection();

        var failure = Assert.Throws<InvalidOperationException>(() =>
            services.AddModuleDatabase(new ConfigurationBuilder().Build(), Module()));

        Assert.StartsWith("ConnectionStrings:Probe is not configured.", failure.Message, StringComparison.Ordinal);
        Assert.Empty(services);
    }

    private static PostgresModuleDatabase<ProbeDbContext> Module() =>
        new("probe", "Probe", "shop_probe", "probe-postgres", ProbeDbContext.Configure);

    private static ServiceProvider Services(PostgresTestDatabase database, PostgresModuleDatabase<ProbeDbContext> module)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddModuleDatabase(Configuration(database), module);
        return services.BuildServiceProvider();
    }

    private static IConfiguration Configuration(PostgresTestDatabase database) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Probe"] = database.ConnectionString })
            .Build();

    private static Task Migrate(IServiceProvider provider) =>
        provider.GetServices<IHostCommand>().Single(command => command.Name == "migrate").RunAsync(CancellationToken.None);

    private static async Task<object?> ScalarAsync(PostgresTestDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>A context with no migrations: migrating it creates the database and the history table only.</summary>
    private sealed class ProbeDbContext(DbContextOptions<ProbeDbContext> options) : DbContext(options)
    {
        public static void Configure(DbContextOptionsBuilder options, string connectionString) =>
            options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__EFMigrationsHistory", "probe"));
    }
}

using Npgsql;

namespace Shop.Testing;

/// <summary>
/// A PostgreSQL database of one test class's own on the test server, dropped when disposed. Either created here
/// (<see cref="CreateAsync"/>) or only named (<see cref="Reserve"/>) for code under test that creates it itself, as a
/// module's <c>migrate</c> command does.
/// </summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    private PostgresTestDatabase(string name)
    {
        Name = name;
        ConnectionString = TestServers.PostgresDatabase(name);
    }

    /// <summary>The database name: the prefix and a new GUID, so parallel test classes and runs never meet.</summary>
    public string Name { get; }

    /// <summary>The pooled connection string of this database.</summary>
    public string ConnectionString { get; }

    /// <summary>Names a database without creating it; disposing drops it if the code under test created it.</summary>
    public static PostgresTestDatabase Reserve(string namePrefix) => new($"{namePrefix}_{Guid.NewGuid():N}");

    /// <summary>Creates an empty database.</summary>
    public static async Task<PostgresTestDatabase> CreateAsync(string namePrefix)
    {
        var database = Reserve(namePrefix);
        await using var connection = new NpgsqlConnection(TestServers.PostgresMaintenance);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {QuoteIdentifier(database.Name)}", connection);
        await create.ExecuteNonQueryAsync();
        return database;
    }

    /// <summary>Drops <paramref name="name"/> if it exists, ending the sessions still connected to it.</summary>
    public static async Task DropAsync(string name)
    {
        // Only this database's pool: clearing every pool would disturb the test classes running beside this one.
        await using (var pooled = new NpgsqlConnection(TestServers.PostgresDatabase(name)))
        {
            NpgsqlConnection.ClearPool(pooled);
        }
        await using var connection = new NpgsqlConnection(TestServers.PostgresMaintenance);
        await connection.OpenAsync();
        // FORCE: a host under test that was killed, or a pool of another connection string, may still hold sessions.
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {QuoteIdentifier(name)} WITH (FORCE)", connection);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await drop.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 10)
            {
                // An autovacuum worker in that database may only be ended with pg_signal_backend (granted by
                // servers.sh on start); on a server started before that grant, wait for the worker to finish instead.
                await Task.Delay(TimeSpan.FromMilliseconds(300));
            }
        }
    }

    /// <summary>Drops the database; safe to call more than once, and when it was never created.</summary>
    public async ValueTask DisposeAsync() => await DropAsync(Name);

    private static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

using Microsoft.Extensions.Configuration;
using Npgsql;
using Shop.ServiceDefaults.Configuration;

namespace Shop.Persistence;

/// <summary>
/// Reads a PostgreSQL connection string a module needs and checks its syntax up front, so a missing or mistyped
/// setting fails the host at startup, naming the key and showing a valid value, instead of at the first query.
/// </summary>
public static class PostgresConnectionString
{
    /// <summary>Returns the connection string <paramref name="name"/> once it is known to parse.</summary>
    /// <param name="configuration">The host's configuration.</param>
    /// <param name="name">The name under <c>ConnectionStrings</c>, such as <c>Catalog</c>.</param>
    /// <param name="exampleDatabase">The database the message's example names, such as <c>shop_catalog</c>.</param>
    /// <param name="readOnlyRole">
    /// For a connection that only reads: the role the example names; the message then asks for a read-only connection.
    /// </param>
    /// <param name="purpose">For a setting only some commands need: a sentence saying what reads it; otherwise null.</param>
    /// <exception cref="InvalidOperationException">The connection string is missing, blank or not valid.</exception>
    public static string Require(
        IConfiguration configuration, string name, string exampleDatabase, string? readOnlyRole = null, string? purpose = null)
    {
        var example = $"Host=127.0.0.1;Port=15432;Database={exampleDatabase};Username={readOnlyRole ?? "shop"};Password=...";
        var expected = readOnlyRole is null
            ? "a PostgreSQL connection string such as " + example
            : "a read-only PostgreSQL connection string such as " + example;
        var connectionString = RequiredConnectionString.Get(configuration, name, expected, purpose);
        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
            return connectionString;
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException(
                $"{RequiredConnectionString.Key(name)} is not a valid PostgreSQL connection string: {ex.Message}", ex);
        }
    }
}

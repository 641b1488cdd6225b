using Microsoft.Extensions.Configuration;

namespace Shop.ServiceDefaults.Configuration;

/// <summary>
/// Reads a connection string a module cannot run without. A missing one fails the host at startup with a message
/// that names the key, how to set it and what a valid value looks like, rather than at the first request.
/// </summary>
public static class RequiredConnectionString
{
    /// <summary>The configuration key of a connection string, as messages name it: <c>ConnectionStrings:{name}</c>.</summary>
    public static string Key(string name) => $"ConnectionStrings:{name}";

    /// <summary>Returns the connection string <paramref name="name"/>, or throws when it is missing or blank.</summary>
    /// <param name="configuration">The host's configuration.</param>
    /// <param name="name">The name under <c>ConnectionStrings</c>, such as <c>Catalog</c>.</param>
    /// <param name="expected">What to set it to, with an example: "a PostgreSQL connection string such as Host=...".</param>
    /// <param name="purpose">For a setting only some commands need: a sentence saying what reads it; otherwise null.</param>
    /// <exception cref="InvalidOperationException">The connection string is missing or blank.</exception>
    public static string Get(IConfiguration configuration, string name, string expected, string? purpose = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration.GetConnectionString(name);
        if (!string.IsNullOrWhiteSpace(value))
        {
            return value;
        }
        var why = purpose is null ? "" : " " + purpose;
        throw new InvalidOperationException(
            $"{Key(name)} is not configured.{why} Set it (for example with the environment variable ConnectionStrings__{name}) to {expected}");
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Shop.Persistence;

/// <summary>How a module's <c>migrate</c> command brings its PostgreSQL database up to date.</summary>
public static class PostgresMigrations
{
    /// <summary>
    /// Creates the database if it is missing and applies every pending migration of <paramref name="db"/>. Safe to run
    /// again and from several processes at once; hosts never migrate on startup.
    /// </summary>
    public static async Task MigrateAsync(DbContext db, CancellationToken cancellationToken)
    {
        await PrepareDatabaseAsync(db, cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
    }

    /// <summary>
    /// MigrateAsync would create a missing database and history table too, but only after logging the failed
    /// connection and the failed history query as errors (dotnet/efcore#37328). Creating both first keeps a
    /// normal first run free of error lines, which alerts and people reading logs would otherwise trip over.
    /// </summary>
    private static async Task PrepareDatabaseAsync(DbContext db, CancellationToken cancellationToken)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(cancellationToken))
        {
            try
            {
                await creator.CreateAsync(cancellationToken);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DuplicateDatabase)
            {
                // Another process running migrate created it first; that is the outcome wanted.
            }
        }
        await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
    }
}

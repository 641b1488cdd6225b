using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Shop.ServiceDefaults.Commands;

/// <summary>
/// A one-shot job a host runs instead of serving (<c>migrate</c>, later <c>rollup</c>), so Kubernetes can run it
/// as a Job with the same image. Modules register theirs; a host that composes several modules runs them all.
/// </summary>
public interface IHostCommand
{
    /// <summary>The first command-line argument that selects this command.</summary>
    string Name { get; }

    Task RunAsync(CancellationToken cancellationToken);
}

public static class HostCommands
{
    public static IServiceCollection AddHostCommands(this IServiceCollection services) => services;

    /// <summary>
    /// Runs the command named by the first argument (exit code 0, or 1 when it fails), or serves requests when there is
    /// none. Either way the application is disposed before this returns.
    /// </summary>
    public static async Task<int> RunShopHostAsync(this WebApplication app, string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            await app.RunAsync();
            return 0;
        }

        var name = args[0];
        var commands = app.Services.GetServices<IHostCommand>().Where(c => c.Name == name).ToList();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Shop.HostCommands");
        if (commands.Count == 0)
        {
            var known = string.Join(", ", app.Services.GetServices<IHostCommand>().Select(c => c.Name).Distinct());
            await Console.Error.WriteLineAsync($"Unknown command '{name}'. Known commands: {(known.Length > 0 ? known : "none")}.");
            await app.DisposeAsync();
            return 2;
        }

        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        try
        {
            foreach (var command in commands)
            {
                HostCommandsLog.CommandStarted(logger, name, TypeName(command.GetType()));
                await command.RunAsync(cancellation.Token);
            }
            HostCommandsLog.CommandFinished(logger, name);
            return 0;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // A failed Job must say why and exit non-zero, not crash with an unhandled-exception dump.
            HostCommandsLog.CommandFailed(logger, exception, name);
            return 1;
        }
        finally
        {
            // Disposing flushes the console logger's queue, so the command's last lines are not lost on exit.
            await app.DisposeAsync();
        }
    }

    /// <summary>
    /// A command's type as C# writes it: a generic one, such as the migrate command of one module's DbContext, reads
    /// <c>Shop.Persistence.MigrateCommand&lt;Shop.Catalog.Persistence.CatalogDbContext&gt;</c> rather than its
    /// assembly-qualified reflection name.
    /// </summary>
    private static string TypeName(Type type) =>
        type.IsGenericType
            ? $"{type.Namespace}.{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(TypeName))}>"
            : type.FullName ?? type.Name;
}

using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Shop.Messaging.Inbox;
using Shop.Messaging.Observability;
using Shop.Messaging.Outbox;

namespace Shop.Messaging;

/// <summary>
/// How a module declares its part of the message bus. A module calls <see cref="AddModuleMessaging"/> from its own
/// <c>Add&lt;Module&gt;</c> method; nothing is sent to MassTransit yet, because a process that hosts several modules may call
/// <c>AddMassTransit</c> only once. The host then calls <see cref="ShopMessaging.AddShopMessaging"/> once, after all modules.
/// </summary>
public static partial class ModuleMessaging
{
    /// <summary>
    /// Records the consumers (and the outbox) of one module. Endpoint names of its consumers are prefixed with
    /// <paramref name="moduleName"/>: <c>Shop.Catalog.Stock.ReserveStockConsumer</c> in module <c>catalog</c> receives from
    /// the queue <c>catalog-reserve-stock</c>.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="moduleName">Lower-case kebab-case module name, such as <c>catalog</c>; unique in the process.</param>
    /// <param name="configure">Adds the module's consumers and its outbox.</param>
    /// <example>
    /// <code>
    /// services.AddModuleMessaging("catalog", messaging => messaging
    ///     .AddConsumer&lt;ReserveStockConsumer, ReserveStockConsumerDefinition&gt;()
    ///     .AddOutbox&lt;CatalogDbContext&gt;());
    /// </code>
    /// </example>
    public static IServiceCollection AddModuleMessaging(
        this IServiceCollection services, string moduleName, Action<ModuleMessagingBuilder> configure)
    {
        if (!ModuleNamePattern().IsMatch(moduleName))
        {
            throw new ArgumentException(
                $"Module name '{moduleName}' must be lower-case kebab-case (for example 'catalog' or 'order-history'): it prefixes queue names.",
                nameof(moduleName));
        }

        var registry = GetOrAddRegistry(services);
        var builder = new ModuleMessagingBuilder(services, moduleName, registry);
        registry.AddModule(builder);
        AddCoreServices(services);
        configure(builder);
        return services;
    }

    internal static MessagingRegistry GetOrAddRegistry(IServiceCollection services)
    {
        // The registry travels inside the service collection so that modules and the host need not share anything else.
        var existing = services.FirstOrDefault(d => d.ServiceType == typeof(MessagingRegistry) && d.ImplementationInstance is not null);
        if (existing?.ImplementationInstance is MessagingRegistry registry)
        {
            return registry;
        }
        registry = new MessagingRegistry();
        services.AddSingleton(registry);
        return registry;
    }

    internal static void AddCoreServices(IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<MessagingMetrics>();
        services.TryAddSingleton<IOutbox, EntityFrameworkOutbox>();
        services.TryAddSingleton<InboxRecorder>();
        services.TryAddSingleton(provider => OutboxDispatcher.ThroughBus(provider.GetRequiredService<MassTransit.IBus>()));
    }

    [GeneratedRegex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$")]
    private static partial Regex ModuleNamePattern();
}

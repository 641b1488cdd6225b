using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Messaging.Conventions;
using Shop.Messaging.Observability;
using Shop.Messaging.Outbox;

namespace Shop.Messaging;

/// <summary>One module's contribution to the bus, recorded by <see cref="ModuleMessaging.AddModuleMessaging"/>.</summary>
public sealed class ModuleMessagingBuilder
{
    private readonly MessagingRegistry _registry;
    private readonly List<Action<IBusRegistrationConfigurator>> _busRegistrations = [];
    private readonly List<Action<IMediatorRegistrationConfigurator>> _mediatorRegistrations = [];
    private readonly List<Action<IServiceCollection>> _servicesAfterBus = [];

    internal ModuleMessagingBuilder(IServiceCollection services, string moduleName, MessagingRegistry registry)
    {
        Services = services;
        ModuleName = moduleName;
        _registry = registry;
    }

    /// <summary>The module name that prefixes the module's queue names and tags its outbox metrics.</summary>
    public string ModuleName { get; }

    /// <summary>The host's services, for registrations the module's consumers depend on.</summary>
    public IServiceCollection Services { get; }

    internal IReadOnlyList<Action<IBusRegistrationConfigurator>> BusRegistrations => _busRegistrations;

    /// <summary>
    /// The same consumers for the in-process transport's mediator. Without their definitions: the endpoint settings
    /// (retry, concurrency limit) belong to queues, and the mediator has one shared pipeline instead.
    /// </summary>
    internal IReadOnlyList<Action<IMediatorRegistrationConfigurator>> MediatorRegistrations => _mediatorRegistrations;

    /// <summary>Registrations that must follow MassTransit's, applied by <see cref="ShopMessaging.AddShopMessaging"/>.</summary>
    internal IReadOnlyList<Action<IServiceCollection>> ServicesAfterBus => _servicesAfterBus;

    /// <summary>Adds a consumer with the Shop conventions (<see cref="ShopConsumerDefinition{TConsumer}"/>) and no extra settings.</summary>
    public ModuleMessagingBuilder AddConsumer<TConsumer>()
        where TConsumer : class, IConsumer =>
        AddConsumer<TConsumer, ShopConsumerDefinition<TConsumer>>();

    /// <summary>
    /// Adds a consumer whose definition refines the Shop conventions. The definition must derive from
    /// <see cref="ShopConsumerDefinition{TConsumer}"/> so that the retry policy and concurrency limit always apply.
    /// </summary>
    public ModuleMessagingBuilder AddConsumer<TConsumer, TDefinition>()
        where TConsumer : class, IConsumer
        where TDefinition : ShopConsumerDefinition<TConsumer>
    {
        _registry.AssignConsumer(typeof(TConsumer), ModuleName);
        _busRegistrations.Add(bus => bus.AddConsumer<TConsumer, TDefinition>());
        _mediatorRegistrations.Add(mediator => mediator.AddConsumer<TConsumer>());
        return this;
    }

    /// <summary>
    /// Gives the module a transactional outbox and inbox on <typeparamref name="TDbContext"/>: registers the
    /// <see cref="OutboxRelay{TDbContext}"/> that publishes staged messages (and deletes old outbox and inbox rows), and
    /// an EF Core interceptor that wakes the relay as soon as a transaction that staged messages commits.
    /// The context must call <see cref="Persistence.MessagingModel.MapOutboxAndInbox"/> in <c>OnModelCreating</c>.
    /// </summary>
    public ModuleMessagingBuilder AddOutbox<TDbContext>()
        where TDbContext : DbContext
    {
        Services.AddOptions<OutboxOptions>()
            .BindConfiguration(OutboxOptions.SectionName)
            .Validate(options => options.IsValid(), OutboxOptions.ValidationMessage)
            .ValidateOnStart();
        Services.TryAddSingleton(new OutboxRelayRegistration<TDbContext>(ModuleName));
        Services.TryAddSingleton<OutboxSignal<TDbContext>>();
        Services.TryAddSingleton<OutboxCommitInterceptor<TDbContext>>();
        // ConfigureDbContext composes with the module's own AddDbContext call, whichever comes first.
        // Singleton, so it also suits pooled contexts, whose options are singletons.
        Services.ConfigureDbContext<TDbContext>(
            (provider, options) => options.AddInterceptors(provider.GetRequiredService<OutboxCommitInterceptor<TDbContext>>()),
            ServiceLifetime.Singleton);
        // Registered after the bus so that the host stops the relay first: its last batch still has a running bus.
        _servicesAfterBus.Add(services => services.AddHostedService(provider => new OutboxRelay<TDbContext>(
            provider.GetRequiredService<IServiceScopeFactory>(),
            provider.GetRequiredService<OutboxDispatcher>(),
            provider.GetRequiredService<OutboxSignal<TDbContext>>(),
            provider.GetRequiredService<OutboxRelayRegistration<TDbContext>>(),
            provider.GetRequiredService<IOptions<OutboxOptions>>(),
            provider.GetRequiredService<MessagingMetrics>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<IHostApplicationLifetime>(),
            provider.GetRequiredService<ILogger<OutboxRelay<TDbContext>>>())));
        return this;
    }
}

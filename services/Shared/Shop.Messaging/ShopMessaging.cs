using MassTransit;
using MassTransit.Monitoring;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using Shop.Messaging.Conventions;
using Shop.Messaging.Outbox;
using Shop.Messaging.Requests;
using Shop.Messaging.Transport;
using Shop.ServiceDefaults.Health;

namespace Shop.Messaging;

/// <summary>
/// The one call a host makes to get a message bus: MassTransit with every module's consumers, the Shop conventions and
/// the transport chosen by configuration.
/// </summary>
public static class ShopMessaging
{
    /// <summary>Configuration key that selects the transport: <c>RabbitMq</c> (default), <c>InProcess</c> or <c>InMemory</c>.</summary>
    public const string TransportKey = "Messaging:Transport";

    /// <summary>Name of the connection string (<c>ConnectionStrings:RabbitMq</c>), an <c>amqp://</c> or <c>amqps://</c> URI.</summary>
    public const string RabbitMqConnectionStringName = "RabbitMq";

    /// <summary>Readiness check that stays Degraded until request clients can get responses without waiting.</summary>
    public const string ResponseEndpointHealthCheckName = "masstransit-response-endpoint";

    /// <summary>
    /// Adds MassTransit once for the whole process, applies every module's contribution recorded by
    /// <see cref="ModuleMessaging.AddModuleMessaging"/>, and connects the transport named by <c>Messaging:Transport</c>.
    /// Call it after adding the modules. The bus health check is tagged <see cref="HealthEndpoints.ReadyTag"/> (reporting
    /// Degraded, not Unhealthy, while the broker is unreachable) and
    /// MassTransit's own meter is exported next to the Shop meters.
    /// </summary>
    public static IHostApplicationBuilder AddShopMessaging(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var registry = ModuleMessaging.GetOrAddRegistry(services);
        registry.MarkBusAdded();
        ModuleMessaging.AddCoreServices(services);

        var transport = ReadTransport(builder.Configuration);
        var rabbitMq = transport == MessagingTransport.RabbitMq
            ? RabbitMqConnection.Parse(builder.Configuration.GetConnectionString(RabbitMqConnectionStringName))
            : null;
        var connectionName = builder.Configuration["Shop:ServiceName"] ?? builder.Environment.ApplicationName;
        var endpointNames = new ModuleEndpointNameFormatter(registry.ConsumerModules);

        if (transport == MessagingTransport.InProcess)
        {
            AddInProcessDelivery(services, registry);
        }

        services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(endpointNames);
            bus.ConfigureHealthCheckOptions(health =>
            {
                health.Tags.Add(HealthEndpoints.ReadyTag);
                // A broker outage must not take every replica out of rotation: reads keep working, the outboxes hold
                // what cannot be sent, and checkouts answer 503 until the bus is back. Degraded still answers 200.
                health.MinimalFailureStatus = HealthStatus.Degraded;
            });
            foreach (var module in registry.Modules)
            {
                foreach (var registration in module.BusRegistrations)
                {
                    registration(bus);
                }
            }

            if (rabbitMq is not null)
            {
                bus.UsingRabbitMq((context, rabbit) =>
                {
                    rabbitMq.Apply(rabbit, connectionName);
                    rabbit.ConfigureEndpoints(context);
                });
            }
            else
            {
                bus.UsingInMemory((context, memory) => memory.ConfigureEndpoints(context));
            }
        });
        foreach (var module in registry.Modules)
        {
            foreach (var registration in module.ServicesAfterBus)
            {
                registration(services);
            }
        }
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddMeter(InstrumentationOptions.MeterName));
        services.AddSingleton<ResponseEndpointWarmUp>();
        services.AddHostedService(provider => provider.GetRequiredService<ResponseEndpointWarmUp>());
        services.AddHealthChecks().Add(new HealthCheckRegistration(
            ResponseEndpointHealthCheckName,
            provider => provider.GetRequiredService<ResponseEndpointWarmUp>(),
            HealthStatus.Degraded,
            [HealthEndpoints.ReadyTag]));
        return builder;
    }

    /// <summary>
    /// The mediator that the outbox relays dispatch through when every module shares the process, with every module's
    /// consumers. A few immediate retries absorb transient conflicts; after that the row stays pending and the relay
    /// retries it with its own back-off, so nothing needs an error queue.
    /// </summary>
    private static void AddInProcessDelivery(IServiceCollection services, MessagingRegistry registry)
    {
        services.AddMediator(mediator =>
        {
            foreach (var module in registry.Modules)
            {
                foreach (var registration in module.MediatorRegistrations)
                {
                    registration(mediator);
                }
            }
            mediator.ConfigureMediator((_, pipeline) =>
                pipeline.UseMessageRetry(retry => retry.Immediate(ConsumerConventions.InProcessImmediateRetries)));
        });
        services.Replace(ServiceDescriptor.Singleton(provider =>
            OutboxDispatcher.ThroughMediator(provider.GetRequiredService<MassTransit.Mediator.IMediator>())));
    }

    internal static MessagingTransport ReadTransport(IConfiguration configuration)
    {
        var value = configuration[TransportKey];
        if (string.IsNullOrWhiteSpace(value))
        {
            return MessagingTransport.RabbitMq;
        }
        if (Enum.TryParse<MessagingTransport>(value, ignoreCase: true, out var transport) && Enum.IsDefined(transport))
        {
            return transport;
        }
        throw new InvalidOperationException(
            $"{TransportKey} is '{value}'; expected one of: {string.Join(", ", Enum.GetNames<MessagingTransport>())}.");
    }
}

using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Shop.Messaging.Conventions;
using Shop.Messaging.Tests.Catalog;
using Shop.Messaging.Tests.Infrastructure;
using Shop.Messaging.Tests.TestModule;

namespace Shop.Messaging.Tests.Conventions;

public sealed class EndpointNamingTests(MessagingFixture fixture) : IClassFixture<MessagingFixture>
{
    [Fact]
    public void Consumer_RegisteredByModule_NameIsModulePrefixedKebabCase()
    {
        var formatter = new ModuleEndpointNameFormatter(new Dictionary<Type, string>
        {
            [typeof(ReserveStockConsumer)] = "catalog",
            [typeof(OrderSubmittedConsumer)] = "order-history",
        });

        Assert.Equal("catalog-reserve-stock", formatter.Consumer<ReserveStockConsumer>());
        Assert.Equal("order-history-order-submitted", formatter.Consumer<OrderSubmittedConsumer>());
        Assert.Equal("ping", formatter.Consumer<PingConsumer>());
    }

    [Fact]
    public void AddShopMessaging_SameConsumerNameInTwoModules_GivesEachModuleItsOwnEndpoint()
    {
        using var host = TestHost.Build(fixture, new DeliveryLog());
        var formatter = host.Services.GetRequiredService<IEndpointNameFormatter>();

        Assert.Equal("orders-order-submitted", formatter.Consumer<OrderSubmittedConsumer>());
        Assert.Equal("reporting-order-submitted", formatter.Consumer<Reporting.OrderSubmittedConsumer>());
        Assert.Equal("catalog-reserve-stock", formatter.Consumer<ReserveStockConsumer>());
    }

    [Fact]
    public async Task ConfigureEndpoints_OnRabbitMq_DeclaresModuleQueuesAndMessageExchanges()
    {
        var log = new DeliveryLog();
        await using var host = await TestHost.StartAsync(fixture, log);

        foreach (var queue in new[] { "orders-order-submitted", "reporting-order-submitted", "catalog-reserve-stock", "orders-add-to-counter" })
        {
            Assert.True(await fixture.VirtualHost.QueueExistsAsync(queue), $"queue {queue} exists");
        }
        // Message exchanges are named after the contract type (namespace and name, no assembly or version), identical
        // in both deployments, so a service and the monolith publish to the same place.
        Assert.True(await fixture.VirtualHost.ExchangeExistsAsync("Shop.Messaging.Tests.TestModule:OrderSubmitted"));

        // One event, two modules: each gets its copy on its own queue.
        var order = Guid.NewGuid();
        await host.SaveAsync((db, outbox) => outbox.Publish(db, new OrderSubmitted(order, "for two modules")));
        await Eventually.HoldsAsync(
            () => log.Of<OrderSubmittedConsumer, OrderSubmitted>(m => m.OrderId == order).Count == 1
                && log.Of<Reporting.OrderSubmittedConsumer, OrderSubmitted>(m => m.OrderId == order).Count == 1,
            "both modules received the event");
    }

    [Theory]
    [InlineData("Catalog")]
    [InlineData("order_history")]
    [InlineData("-catalog")]
    [InlineData("catalog-")]
    [InlineData("")]
    public void AddModuleMessaging_InvalidModuleName_Throws(string moduleName)
    {
        var services = new ServiceCollection();

        Assert.Throws<ArgumentException>(() => services.AddModuleMessaging(moduleName, _ => { }));
    }

    [Fact]
    public void AddModuleMessaging_SameConsumerInTwoModules_Throws()
    {
        var services = new ServiceCollection();
        services.AddModuleMessaging("catalog", catalog => catalog.AddConsumer<PingConsumer>());

        var error = Assert.Throws<InvalidOperationException>(() =>
            services.AddModuleMessaging("orders", orders => orders.AddConsumer<PingConsumer>()));
        Assert.Contains("catalog", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddModuleMessaging_SameModuleTwice_Throws()
    {
        var services = new ServiceCollection();
        services.AddModuleMessaging("catalog", _ => { });

        Assert.Throws<InvalidOperationException>(() => services.AddModuleMessaging("catalog", _ => { }));
    }

    [Fact]
    public void AddModuleMessaging_AfterAddShopMessaging_Throws()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration[ShopMessaging.TransportKey] = nameof(MessagingTransport.InMemory);
        builder.AddShopMessaging();

        Assert.Throws<InvalidOperationException>(() => builder.Services.AddModuleMessaging("catalog", _ => { }));
        Assert.Throws<InvalidOperationException>(() => builder.AddShopMessaging());
    }
}

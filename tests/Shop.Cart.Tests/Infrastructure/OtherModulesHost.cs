using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Shop.Messaging;

namespace Shop.Cart.Tests.Infrastructure;

/// <summary>
/// A second process on the same broker and virtual host as the cart under test, composed like a Shop host, whose
/// modules stand for the catalog, order and reporting modules. The cart talks to it only through RabbitMQ, exactly as
/// it talks to the real modules.
/// </summary>
internal sealed class OtherModulesHost : IAsyncDisposable
{
    private readonly IHost _host;

    private OtherModulesHost(IHost host) => _host = host;

    public FakeCatalog Catalog => _host.Services.GetRequiredService<FakeCatalog>();

    public FakeOrders Orders => _host.Services.GetRequiredService<FakeOrders>();

    public FakeFunnel Funnel => _host.Services.GetRequiredService<FakeFunnel>();

    /// <summary>Publishes as the order module would, with the given MessageId (to imitate a redelivery).</summary>
    public Task PublishAsync<T>(T message, Guid messageId)
        where T : class =>
        _host.Services.GetRequiredService<IBus>().Publish(message, context => context.MessageId = messageId);

    public static async Task<OtherModulesHost> StartAsync(string rabbitMqUri)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ApplicationName = "Shop.Cart.Tests.OtherModules",
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:" + ShopMessaging.RabbitMqConnectionStringName] = rabbitMqUri,
        });
        builder.Services.AddSingleton<FakeCatalog>();
        builder.Services.AddSingleton<FakeOrders>();
        builder.Services.AddSingleton<FakeFunnel>();
        builder.Services.AddModuleMessaging("catalog", catalog => catalog.AddConsumer<GetProductSnapshotsConsumer>());
        builder.Services.AddModuleMessaging("order", order => order.AddConsumer<SubmitOrderConsumer>());
        builder.Services.AddModuleMessaging("reporting", reporting => reporting.AddConsumer<CartItemAddedConsumer>());
        builder.AddShopMessaging();

        var host = new OtherModulesHost(builder.Build());
        try
        {
            await host._host.StartAsync();
            // The bus starts in the background; a request published before the responders' queues are bound reaches nobody.
            var health = host._host.Services.GetRequiredService<HealthCheckService>();
            await Eventually.HoldsAsync(
                async () => (await health.CheckHealthAsync()).Status == HealthStatus.Healthy,
                "the catalog, order and reporting stand-ins are ready");
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _host.StopAsync(timeout.Token);
        _host.Dispose();
    }
}

using Shop.EndToEnd.Tests.Infrastructure;

namespace Shop.EndToEnd.Tests;

public sealed class PrivateBrokerDeployment() : ShopDeployment(
    new DeploymentShape(CatalogReplicas: 1, CartReplicas: 1, OrderReplicas: 1, PrivateBroker: true, PaymentLatency: "00:00:00.100"));

/// <summary>RabbitMQ restarted mid-run: the outboxes hold what could not be sent and drain once it is back.</summary>
public sealed class BrokerRestartTests(PrivateBrokerDeployment deployment) : IClassFixture<PrivateBrokerDeployment>
{
    [Fact]
    public Task Checkout_BrokerRestartedMidFlight_NothingLostOrDuplicated() =>
        CrashSafetyTests.CheckoutThroughDisruptionAsync(deployment, buyers: 30, firstProduct: 3000, async () =>
        {
            await deployment.PrivateBroker!.StopAsync();
            await Task.Delay(TimeSpan.FromSeconds(2));
            await deployment.PrivateBroker.StartAsync();
        });
}

using Shop.EndToEnd.Tests.Infrastructure;

namespace Shop.EndToEnd.Tests;

public sealed class CrashDeployment() : ShopDeployment(
    new DeploymentShape(CatalogReplicas: 1, CartReplicas: 1, OrderReplicas: 1, PaymentFailureRate: 0.1, PaymentLatency: "00:00:00.100"));

/// <summary>The same deployment as monolith processes.</summary>
public sealed class MonolithCrashDeployment() : ShopDeployment(
    new DeploymentShape(CatalogReplicas: 1, CartReplicas: 1, OrderReplicas: 1, PaymentFailureRate: 0.1, PaymentLatency: "00:00:00.100").AsMonolith());

/// <summary>
/// SIGKILL of a service while checkouts are in flight: once it is back, every accepted checkout ends Confirmed or
/// Cancelled, none stays pending, and no buyer gets two orders for one checkout.
/// </summary>
public abstract class CrashSafetyTests(ShopDeployment deployment)
{
    private static readonly string[] s_finalStatuses = ["Confirmed", "Cancelled"];

    [Theory]
    [InlineData("order-1")]
    [InlineData("catalog-1")]
    public Task Checkout_ServiceKilledMidFlight_EveryOrderEndsOnce(string victim) =>
        CheckoutThroughDisruptionAsync(deployment, buyers: 40, firstProduct: victim == "order-1" ? 1000 : 2000, async () =>
        {
            await deployment.KillAsync(victim);
            await Task.Delay(TimeSpan.FromSeconds(1));
            await deployment.RestartAsync(victim);
        });

    /// <summary>
    /// Runs checkouts of distinct buyers, disrupts the deployment once some are accepted, and checks that every buyer
    /// ends with exactly one order in a final state. Clients retry with the same key while the shop is disrupted.
    /// </summary>
    internal static async Task CheckoutThroughDisruptionAsync(ShopDeployment deployment, int buyers, int firstProduct, Func<Task> disrupt)
    {
        var settle = TimeSpan.FromSeconds(90);
        var shoppers = await Task.WhenAll(Enumerable.Range(0, buyers)
            .Select(i => Shopper.SignInAsync(deployment, $"crash-{firstProduct + i}-{Guid.NewGuid():N}"[..24])));
        try
        {
            for (var i = 0; i < buyers; i++)
            {
                await shoppers[i].SetQuantityAsync(await CatalogDatabase.ProductAtAsync(deployment, firstProduct + i), 1);
            }
            var accepted = 0;
            var checkouts = shoppers.Select(async shopper =>
            {
                var id = await shopper.CheckoutUntilAcceptedAsync(Guid.NewGuid().ToString(), settle);
                Interlocked.Increment(ref accepted);
                return id;
            }).ToList();
            await Eventually.HoldsAsync(() => Volatile.Read(ref accepted) >= buyers / 4, "a quarter of the checkouts are accepted", settle);

            await disrupt();

            var ids = await Task.WhenAll(checkouts);
            for (var i = 0; i < buyers; i++)
            {
                var order = await shoppers[i].WaitForFinalStatusAsync(ids[i], settle);
                Assert.Contains(order.GetProperty("status").GetString(), s_finalStatuses);
                Assert.Equal(1, await shoppers[i].OrderCountAsync());
            }
        }
        finally
        {
            foreach (var shopper in shoppers)
            {
                shopper.Dispose();
            }
        }
    }
}

public sealed class MicroservicesCrashSafetyTests(CrashDeployment deployment) : CrashSafetyTests(deployment), IClassFixture<CrashDeployment>;

public sealed class MonolithCrashSafetyTests(MonolithCrashDeployment deployment) : CrashSafetyTests(deployment), IClassFixture<MonolithCrashDeployment>;

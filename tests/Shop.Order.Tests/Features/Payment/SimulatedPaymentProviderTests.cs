using System.Diagnostics;
using Microsoft.Extensions.Options;
using Shop.Order.Features.Payment;

namespace Shop.Order.Tests.Features.Payment;

public sealed class SimulatedPaymentProviderTests
{
    /// <summary>Ten thousand distinct, deterministic order ids, so the rate tests never flake.</summary>
    private static readonly Guid[] OrderIds = [.. Enumerable.Range(0, 10_000).Select(i => new Guid(i, 0, 0, new byte[8]))];

    [Fact]
    public void Declines_SameOrderId_AlwaysGivesTheSameAnswer()
    {
        foreach (var orderId in OrderIds.Take(200))
        {
            var first = SimulatedPaymentProvider.Declines(orderId, 0.5);
            Assert.All(Enumerable.Range(0, 5), _ => Assert.Equal(first, SimulatedPaymentProvider.Declines(orderId, 0.5)));
        }
    }

    [Fact]
    public void Declines_RateZero_NeverDeclines() =>
        Assert.DoesNotContain(OrderIds, orderId => SimulatedPaymentProvider.Declines(orderId, 0));

    [Fact]
    public void Declines_RateOne_AlwaysDeclines() =>
        Assert.All(OrderIds, orderId => Assert.True(SimulatedPaymentProvider.Declines(orderId, 1)));

    [Theory]
    [InlineData(0.05)]
    [InlineData(0.5)]
    public void Declines_GivenRate_DeclinesAboutThatShareOfOrders(double rate)
    {
        var declined = OrderIds.Count(orderId => SimulatedPaymentProvider.Declines(orderId, rate));

        // Sequential ids would cluster if the bytes were used directly; the hash spreads them.
        Assert.InRange(declined / (double)OrderIds.Length, rate - 0.02, rate + 0.02);
    }

    [Fact]
    public async Task AuthorizeAsync_ConfiguredLatency_WaitsBeforeAnswering()
    {
        var provider = new SimulatedPaymentProvider(
            Options.Create(new PaymentOptions { Latency = TimeSpan.FromMilliseconds(100), FailureRate = 0 }), TimeProvider.System);
        var stopwatch = Stopwatch.StartNew();

        var outcome = await provider.AuthorizeAsync(Guid.NewGuid(), CancellationToken.None);

        Assert.Equal(PaymentOutcome.Approved, outcome);
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(90), $"answered after {stopwatch.Elapsed.TotalMilliseconds} ms");
    }

    [Theory]
    [InlineData(-0.1, 50)]
    [InlineData(1.1, 50)]
    [InlineData(double.NaN, 50)]
    [InlineData(0.05, -1)]
    [InlineData(0.05, 60_001)]
    public void PaymentOptions_OutOfRange_AreInvalid(double failureRate, int latencyMs) =>
        Assert.False(new PaymentOptions { FailureRate = failureRate, Latency = TimeSpan.FromMilliseconds(latencyMs) }.IsValid());
}

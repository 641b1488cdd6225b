using Shop.Catalog.Domain;

namespace Shop.Catalog.Tests.Domain;

public sealed class StockReservationTests
{
    [Fact]
    public void Release_Unreleased_RecordsWhen()
    {
        var reservation = new StockReservation(Guid.NewGuid(), Guid.NewGuid(), 2, DateTimeOffset.UtcNow);
        var at = DateTimeOffset.UtcNow;

        reservation.Release(at);

        Assert.True(reservation.IsReleased);
        Assert.Equal(at, reservation.ReleasedAt);
    }

    [Fact]
    public void Release_Twice_Throws()
    {
        var reservation = new StockReservation(Guid.NewGuid(), Guid.NewGuid(), 2, DateTimeOffset.UtcNow);
        reservation.Release(DateTimeOffset.UtcNow);

        Assert.Throws<InvalidOperationException>(() => reservation.Release(DateTimeOffset.UtcNow));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Constructor_QuantityNotPositive_Throws(int quantity)
    {
        var rule = Assert.Throws<CatalogRuleException>(() => new StockReservation(Guid.NewGuid(), Guid.NewGuid(), quantity, DateTimeOffset.UtcNow));

        Assert.Equal("quantity", rule.Field);
    }
}

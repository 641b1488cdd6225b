using Shop.Catalog.Contracts.Messages;
using Shop.Catalog.Domain;
using Shop.Catalog.Features.Stock;

namespace Shop.Catalog.Tests.Features.Stock;

public sealed class ReservationRequestTests
{
    private static readonly Guid A = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid B = Guid.Parse("00000000-0000-0000-0000-00000000000b");
    private static readonly Guid C = Guid.Parse("00000000-0000-0000-0000-00000000000c");

    [Fact]
    public void From_LinesInAnyOrder_SortsThemInLockOrder()
    {
        var request = ReservationRequest.From([new StockItem(C, 1), new StockItem(A, 2), new StockItem(B, 3)]);

        Assert.True(request.CanBeTried);
        Assert.Equal([new StockItem(A, 2), new StockItem(B, 3), new StockItem(C, 1)], request.Lines);
    }

    [Fact]
    public void From_DuplicateProductLines_MergesQuantities()
    {
        var request = ReservationRequest.From([new StockItem(B, 1), new StockItem(A, 2), new StockItem(B, 4)]);

        Assert.Equal([new StockItem(A, 2), new StockItem(B, 5)], request.Lines);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void From_QuantityNotPositive_SetsTheProductApart(int quantity)
    {
        var request = ReservationRequest.From([new StockItem(A, 1), new StockItem(B, quantity)]);

        Assert.False(request.CanBeTried);
        Assert.Equal([B], request.InvalidProductIds);
    }

    [Fact]
    public void From_NegativeLineHiddenByALargerOne_StillSetsTheProductApart()
    {
        var request = ReservationRequest.From([new StockItem(A, 5), new StockItem(A, -2)]);

        Assert.Equal([A], request.InvalidProductIds);
    }

    [Fact]
    public void From_LinesSummingPastIntMaxValue_DoNotOverflowIntoAValidQuantity()
    {
        var request = ReservationRequest.From([new StockItem(A, int.MaxValue), new StockItem(A, int.MaxValue), new StockItem(A, 2)]);

        Assert.False(request.CanBeTried);
        Assert.Equal([A], request.InvalidProductIds);
    }

    [Fact]
    public void From_QuantityAboveMaxStock_SetsTheProductApart()
    {
        var request = ReservationRequest.From([new StockItem(A, Product.MaxStock + 1)]);

        Assert.Equal([A], request.InvalidProductIds);
    }

    [Fact]
    public void From_NoItems_CannotBeTried()
    {
        Assert.False(ReservationRequest.From([]).CanBeTried);
        Assert.False(ReservationRequest.From(null).CanBeTried);
    }

    [Fact]
    public void From_NullItem_CannotBeTried()
    {
        var request = ReservationRequest.From([new StockItem(A, 1), null!]);

        Assert.False(request.CanBeTried);
        Assert.Empty(request.InvalidProductIds);
    }

    [Fact]
    public void LockOrder_MatchesPostgresUuidOrder()
    {
        // PostgreSQL orders uuids by their bytes as written (the text form); .NET's Guid comparison agrees, so a
        // future "ORDER BY id FOR UPDATE" would lock in the same order as the consumers do.
        List<Guid> ids =
        [
            Guid.Parse("ffffffff-0000-0000-0000-000000000000"),
            Guid.Parse("00000000-ffff-0000-0000-000000000000"),
            Guid.Parse("00000000-0000-0000-0000-0000000000ff"),
            Guid.Parse("00000001-0000-0000-0000-000000000000"),
            Guid.Parse("00000000-0000-ff00-0000-000000000000"),
        ];

        var sorted = ids.Order(ReservationRequest.LockOrder).Select(id => id.ToString()).ToList();

        Assert.Equal(sorted.Order(StringComparer.Ordinal), sorted);
    }
}

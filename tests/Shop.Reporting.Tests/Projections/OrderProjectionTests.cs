using Shop.Order.Contracts;
using Shop.Reporting.Projections;

namespace Shop.Reporting.Tests.Projections;

/// <summary>Every (recorded status, event) combination of the pure projection, and replays in any order.</summary>
public sealed class OrderProjectionTests
{
    private static readonly DateTimeOffset SubmittedAt = new(2025, 3, 1, 10, 15, 30, TimeSpan.Zero);
    private static readonly DateTimeOffset CompletedAt = SubmittedAt.AddMinutes(1);
    private static readonly Guid ProductA = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid ProductB = Guid.Parse("00000000-0000-0000-0000-00000000000b");

    private static readonly IReadOnlyList<OrderLine> Lines =
    [
        new(ProductA, "Lamp", 19.99m, 2),
        new(ProductB, "Desk", 120.10m, 1),
    ];

    private const decimal Total = 160.08m;

    private static OrderEventKind Kind(char letter) => letter switch
    {
        'S' => OrderEventKind.Submitted,
        'C' => OrderEventKind.Confirmed,
        _ => OrderEventKind.Cancelled,
    };

    private static OrderEvent Event(OrderEventKind kind, string? reason = null) =>
        new(kind, Guid.Parse("11111111-1111-1111-1111-111111111111"), "buyer-1", Lines, Total, SubmittedAt,
            kind == OrderEventKind.Submitted ? SubmittedAt : CompletedAt, kind == OrderEventKind.Cancelled ? reason ?? CancelReasons.OutOfStock : null);

    private static ReportedOrder Recorded(string status) =>
        new(Guid.Parse("11111111-1111-1111-1111-111111111111"), "buyer-1", status,
            status == OrderStatuses.Cancelled ? CancelReasons.OutOfStock : null, Total, 3, SubmittedAt,
            status == OrderStatuses.Pending ? null : CompletedAt);

    [Fact]
    public void Apply_SubmittedOnUnknownOrder_CountsPendingAndCheckout()
    {
        var transition = OrderProjection.Apply(null, Event(OrderEventKind.Submitted));

        Assert.Equal(TransitionOutcome.Applied, transition.Outcome);
        Assert.Equal(OrderStatuses.Pending, transition.Next!.Status);
        Assert.Null(transition.Next.CompletedAt);
        Assert.Equal([new(new StatusKey(OrderStatuses.Pending, ""), new Totals(1, 3, Total))], transition.Changes.Statuses);
        Assert.Empty(transition.Changes.Minutes);
        Assert.Empty(transition.Changes.Products);
        Assert.Equal(new FunnelMarks(null, SubmittedAt, null), Assert.Single(transition.Changes.Buyers).Value);
    }

    [Fact]
    public void Apply_ConfirmedOnUnknownOrder_CountsTheSaleAtOnce()
    {
        var transition = OrderProjection.Apply(null, Event(OrderEventKind.Confirmed));

        Assert.Equal(TransitionOutcome.Applied, transition.Outcome);
        Assert.Equal(OrderStatuses.Confirmed, transition.Next!.Status);
        Assert.Equal(CompletedAt, transition.Next.CompletedAt);
        Assert.Equal([new(new StatusKey(OrderStatuses.Confirmed, ""), new Totals(1, 3, Total))], transition.Changes.Statuses);
        var minute = Assert.Single(transition.Changes.Minutes);
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 10, 16, 0, TimeSpan.Zero), minute.Key);
        Assert.Equal(new Totals(1, 3, Total), minute.Value);
        Assert.Equal(
            [new(ProductA, new ProductTotals("Lamp", 2, 39.98m, CompletedAt)), new(ProductB, new ProductTotals("Desk", 1, 120.10m, CompletedAt))],
            transition.Changes.Products);
        Assert.Equal(new FunnelMarks(null, SubmittedAt, CompletedAt), Assert.Single(transition.Changes.Buyers).Value);
    }

    [Fact]
    public void Apply_CancelledOnUnknownOrder_CountsUnderItsReason()
    {
        var transition = OrderProjection.Apply(null, Event(OrderEventKind.Cancelled, CancelReasons.PaymentDeclined));

        Assert.Equal(TransitionOutcome.Applied, transition.Outcome);
        Assert.Equal(CancelReasons.PaymentDeclined, transition.Next!.CancelReason);
        Assert.Equal([new(new StatusKey(OrderStatuses.Cancelled, CancelReasons.PaymentDeclined), new Totals(1, 3, Total))], transition.Changes.Statuses);
        Assert.Empty(transition.Changes.Minutes);
        Assert.Empty(transition.Changes.Products);
    }

    [Theory]
    [InlineData('C', OrderStatuses.Confirmed, "")]
    [InlineData('X', OrderStatuses.Cancelled, CancelReasons.OutOfStock)]
    public void Apply_FinalEventOnPendingOrder_MovesTheOrderFromPending(char kind, string status, string reason)
    {
        var transition = OrderProjection.Apply(Recorded(OrderStatuses.Pending), Event(Kind(kind)));

        Assert.Equal(TransitionOutcome.Applied, transition.Outcome);
        Assert.Equal(status, transition.Next!.Status);
        Assert.Equal(
            [
                new(new StatusKey(status, reason), new Totals(1, 3, Total)),
                new(new StatusKey(OrderStatuses.Pending, ""), new Totals(-1, -3, -Total)),
            ],
            transition.Changes.Statuses.OrderBy(s => s.Value.Orders < 0));
    }

    [Theory]
    [InlineData(OrderStatuses.Pending, 'S', nameof(TransitionOutcome.AlreadyApplied))]
    [InlineData(OrderStatuses.Confirmed, 'C', nameof(TransitionOutcome.AlreadyApplied))]
    [InlineData(OrderStatuses.Cancelled, 'X', nameof(TransitionOutcome.AlreadyApplied))]
    [InlineData(OrderStatuses.Confirmed, 'S', nameof(TransitionOutcome.Stale))]
    [InlineData(OrderStatuses.Cancelled, 'S', nameof(TransitionOutcome.Stale))]
    [InlineData(OrderStatuses.Confirmed, 'X', nameof(TransitionOutcome.Conflicting))]
    [InlineData(OrderStatuses.Cancelled, 'C', nameof(TransitionOutcome.Conflicting))]
    public void Apply_EventThatDoesNotMoveTheOrder_ChangesNothing(string recorded, char kind, string expected)
    {
        var current = Recorded(recorded);

        var transition = OrderProjection.Apply(current, Event(Kind(kind)));

        Assert.Equal(Enum.Parse<TransitionOutcome>(expected), transition.Outcome);
        Assert.Same(current, transition.Next);
        Assert.True(transition.Changes.IsEmpty);
    }

    [Theory]
    [InlineData("SC")]
    [InlineData("CS")]
    [InlineData("SCS")]
    [InlineData("CSC")]
    [InlineData("SSCC")]
    public void Replay_SubmittedAndConfirmedInAnyOrder_NetsOneConfirmedSale(string sequence)
    {
        var events = sequence.Select(c => Event(Kind(c))).ToList();

        var (order, changes, conflicts) = OrderProjection.Replay(new OrderHistory(events[0].OrderId, events));

        Assert.Equal(OrderStatuses.Confirmed, order!.Status);
        Assert.Equal(0, conflicts);
        Assert.Equal([new(new StatusKey(OrderStatuses.Confirmed, ""), new Totals(1, 3, Total))], changes.Statuses);
        Assert.Equal(new Totals(1, 3, Total), Assert.Single(changes.Minutes).Value);
        Assert.Equal(2 * 19.99m + 120.10m, changes.Products.Sum(p => p.Value.Revenue));
    }

    [Theory]
    [InlineData("SX")]
    [InlineData("XS")]
    [InlineData("XSX")]
    public void Replay_SubmittedAndCancelledInAnyOrder_NetsOneCancellationAndNoSale(string sequence)
    {
        var events = sequence.Select(c => Event(Kind(c))).ToList();

        var (order, changes, _) = OrderProjection.Replay(new OrderHistory(events[0].OrderId, events));

        Assert.Equal(OrderStatuses.Cancelled, order!.Status);
        Assert.Equal([new(new StatusKey(OrderStatuses.Cancelled, CancelReasons.OutOfStock), new Totals(1, 3, Total))], changes.Statuses);
        Assert.Empty(changes.Minutes);
        Assert.Empty(changes.Products);
    }

    [Fact]
    public void Replay_ConfirmedThenCancelled_KeepsTheSaleAndCountsTheConflict()
    {
        List<OrderEvent> events = [Event(OrderEventKind.Submitted), Event(OrderEventKind.Confirmed), Event(OrderEventKind.Cancelled)];

        var (order, changes, conflicts) = OrderProjection.Replay(new OrderHistory(events[0].OrderId, events));

        Assert.Equal(OrderStatuses.Confirmed, order!.Status);
        Assert.Equal(1, conflicts);
        Assert.Equal([new(new StatusKey(OrderStatuses.Confirmed, ""), new Totals(1, 3, Total))], changes.Statuses);
    }
}

using Shop.Order.Contracts;

namespace Shop.Order.Domain;

/// <summary>
/// A buyer's order and its checkout state machine (see <see cref="OrderState"/>). The state changes only through the
/// transition methods, each of which names the one state it starts from; an event that finds the order elsewhere
/// changes nothing and says why (<see cref="TransitionResult"/>), which is what makes redelivered messages harmless.
/// </summary>
internal sealed class Order
{
    public const int MinLines = 1;
    public const int MaxLines = 100;
    public const int MaxBuyerIdLength = 128;
    public const int MaxIdempotencyKeyLength = 128;
    public const int MaxCancelReasonLength = 32;

    /// <summary>The field that holds the lines, for the persistence mapping.</summary>
    public const string LinesField = nameof(_lines);

    private readonly List<OrderItem> _lines = [];

    /// <summary>For EF Core, which reads orders that were validated when they were written.</summary>
    private Order()
    {
        BuyerId = IdempotencyKey = string.Empty;
    }

    private Order(Guid id, string buyerId, string idempotencyKey, List<OrderItem> lines, DateTimeOffset submittedAt)
    {
        Id = id;
        BuyerId = buyerId;
        IdempotencyKey = idempotencyKey;
        _lines = lines;
        Total = lines.Sum(line => line.LineTotal);
        State = OrderState.Submitted;
        CreatedAt = UpdatedAt = ToStoredPrecision(submittedAt);
    }

    public Guid Id { get; private set; }

    /// <summary>The buyer (JWT subject) who checked out; only they can read the order.</summary>
    public string BuyerId { get; private set; }

    /// <summary>The client's key for this checkout; unique per buyer, so a retried checkout finds this order.</summary>
    public string IdempotencyKey { get; private set; }

    public IReadOnlyList<OrderItem> Lines => _lines;

    /// <summary>Sum of the lines, fixed at checkout.</summary>
    public decimal Total { get; private set; }

    public OrderState State { get; private set; }

    /// <summary>One of <see cref="CancelReasons"/> once <see cref="State"/> is <see cref="OrderState.Cancelled"/>.</summary>
    public string? CancelReason { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When the state last changed.</summary>
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>
    /// Optimistic concurrency token, mapped to PostgreSQL's <c>xmin</c>: two consumers that loaded the same state cannot
    /// both move the order on; the second save fails and its message is retried against the new state.
    /// </summary>
    public uint Version { get; private set; }

    /// <summary>Creates a submitted order. Callers validate the request first; this only guards the invariants.</summary>
    /// <exception cref="OrderRuleException">The order breaks a rule that validation should have caught.</exception>
    public static Order Submit(Guid id, string buyerId, string idempotencyKey, IEnumerable<OrderItem> lines, DateTimeOffset submittedAt)
    {
        var items = lines.ToList();
        if (id == Guid.Empty
            || string.IsNullOrWhiteSpace(buyerId) || buyerId.Length > MaxBuyerIdLength
            || string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > MaxIdempotencyKeyLength
            || items.Count is < MinLines or > MaxLines
            || items.DistinctBy(item => item.ProductId).Count() != items.Count)
        {
            throw new OrderRuleException($"Order {id} breaks the order rules; validate requests before creating orders.");
        }
        return new Order(id, buyerId, idempotencyKey, items, submittedAt);
    }

    /// <summary>The catalog reserved every unit: payment comes next.</summary>
    public TransitionResult MarkStockReserved(DateTimeOffset at) =>
        MoveTo(OrderState.Submitted, OrderState.StockReserved, reason: null, at);

    /// <summary>Payment was approved: the sale happened.</summary>
    public TransitionResult Confirm(DateTimeOffset at) =>
        MoveTo(OrderState.StockReserved, OrderState.Confirmed, reason: null, at);

    /// <summary>The catalog could not reserve every unit, so nothing was reserved.</summary>
    public TransitionResult CancelOutOfStock(DateTimeOffset at) =>
        MoveTo(OrderState.Submitted, OrderState.Cancelled, CancelReasons.OutOfStock, at);

    /// <summary>Payment was declined; the caller releases the stock that was reserved.</summary>
    public TransitionResult CancelPaymentDeclined(DateTimeOffset at) =>
        MoveTo(OrderState.StockReserved, OrderState.Cancelled, CancelReasons.PaymentDeclined, at);

    private TransitionResult MoveTo(OrderState from, OrderState to, string? reason, DateTimeOffset at)
    {
        if (State != from)
        {
            return Stage(State) > Stage(from) ? TransitionResult.Stale : TransitionResult.Premature;
        }
        State = to;
        CancelReason = reason;
        // A clock that steps back must not make the order look changed before it was created.
        var changedAt = ToStoredPrecision(at);
        UpdatedAt = changedAt > CreatedAt ? changedAt : CreatedAt;
        return TransitionResult.Applied;
    }

    /// <summary>
    /// PostgreSQL keeps microseconds; cutting the rest here makes the events built from an order in memory carry the
    /// same timestamps that the API later reads back from the database.
    /// </summary>
    private static DateTimeOffset ToStoredPrecision(DateTimeOffset value) =>
        new(value.Ticks - (value.Ticks % TimeSpan.TicksPerMicrosecond), value.Offset);

    /// <summary>How far along checkout a state is; both final states are equally far.</summary>
    private static int Stage(OrderState state) => state switch
    {
        OrderState.Submitted => 0,
        OrderState.StockReserved => 1,
        _ => 2,
    };
}

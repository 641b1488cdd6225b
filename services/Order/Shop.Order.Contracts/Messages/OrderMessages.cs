namespace Shop.Order.Contracts.Messages;

/// <summary>
/// Request to the order module (sent by the cart at checkout), answered with <see cref="OrderAccepted"/>.
/// Idempotent: the same buyer and idempotency key always name the same order, however often it is sent.
/// </summary>
/// <param name="OrderId">Id the caller derived from buyer and idempotency key.</param>
/// <param name="BuyerId">The buyer (the JWT subject).</param>
/// <param name="IdempotencyKey">The client's <c>Idempotency-Key</c> header.</param>
/// <param name="Lines">What is ordered; at least one line.</param>
public sealed record SubmitOrder(Guid OrderId, string BuyerId, string IdempotencyKey, IReadOnlyList<OrderLine> Lines);

/// <summary>The order exists and its checkout has started (or had started already).</summary>
/// <param name="OrderId">The order.</param>
/// <param name="Created">False when an earlier identical request had already created it.</param>
public sealed record OrderAccepted(Guid OrderId, bool Created);

/// <summary>A buyer checked out; the order waits for stock and payment.</summary>
/// <param name="OrderId">The order.</param>
/// <param name="BuyerId">The buyer.</param>
/// <param name="Lines">The order lines.</param>
/// <param name="Total">Sum of the lines.</param>
/// <param name="SubmittedAt">When the order was accepted.</param>
public sealed record OrderSubmitted(Guid OrderId, string BuyerId, IReadOnlyList<OrderLine> Lines, decimal Total, DateTimeOffset SubmittedAt);

/// <summary>Stock is reserved and payment succeeded: the sale happened.</summary>
/// <param name="OrderId">The order.</param>
/// <param name="BuyerId">The buyer.</param>
/// <param name="Lines">The order lines.</param>
/// <param name="Total">Revenue of the order.</param>
/// <param name="SubmittedAt">When the order was accepted.</param>
/// <param name="ConfirmedAt">When it was confirmed.</param>
public sealed record OrderConfirmed(Guid OrderId, string BuyerId, IReadOnlyList<OrderLine> Lines, decimal Total, DateTimeOffset SubmittedAt, DateTimeOffset ConfirmedAt);

/// <summary>The order will not happen; any stock it held is being released.</summary>
/// <param name="OrderId">The order.</param>
/// <param name="BuyerId">The buyer.</param>
/// <param name="Lines">The order lines.</param>
/// <param name="Total">What the order would have been worth.</param>
/// <param name="Reason">One of <see cref="CancelReasons"/>.</param>
/// <param name="SubmittedAt">When the order was accepted.</param>
/// <param name="CancelledAt">When it was cancelled.</param>
public sealed record OrderCancelled(Guid OrderId, string BuyerId, IReadOnlyList<OrderLine> Lines, decimal Total, string Reason, DateTimeOffset SubmittedAt, DateTimeOffset CancelledAt);

namespace Shop.Order.Domain;

/// <summary>What a state change asked of an <see cref="Order"/> did; only <see cref="Applied"/> changes the order.</summary>
internal enum TransitionResult
{
    /// <summary>The order moved to the new state.</summary>
    Applied,

    /// <summary>
    /// The order is already past the state the event applies to: a redelivered or duplicate event, or one that lost a
    /// race against another outcome. Ignoring it is the idempotent answer.
    /// </summary>
    Stale,

    /// <summary>
    /// The order has not reached the state the event applies to (a payment result for an order without reserved stock).
    /// The designed flow never does this; it is ignored and logged as a warning.
    /// </summary>
    Premature,
}

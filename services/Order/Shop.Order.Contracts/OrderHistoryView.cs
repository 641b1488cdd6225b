namespace Shop.Order.Contracts;

/// <summary>
/// The order module's one read contract for readers of its database outside the module: the PostgreSQL view
/// <c>ordering.order_history</c>, created by the order module's migrations, one row per order as its events describe it.
/// Reporting's <c>rebuild</c> reads it (the events themselves are not kept anywhere), through a read-only connection;
/// no other module reads the order database. The order module's tests hold the view
/// to what its domain writes; its columns are only ever added to, so a reader of these columns keeps working.
/// </summary>
public static class OrderHistoryView
{
    /// <summary>The view, schema-qualified.</summary>
    public const string Name = "ordering.order_history";

    /// <summary><c>uuid</c>: the order.</summary>
    public const string OrderId = "order_id";

    /// <summary><c>varchar</c>: the buyer.</summary>
    public const string BuyerId = "buyer_id";

    /// <summary><c>jsonb</c>: the lines, an array of <see cref="OrderLine"/> with camel-cased property names.</summary>
    public const string Lines = "lines";

    /// <summary><c>numeric</c>: the order total.</summary>
    public const string Total = "total";

    /// <summary><c>varchar</c>: one of <see cref="OrderStatuses"/>, as the order's events and API say it.</summary>
    public const string Status = "status";

    /// <summary><c>varchar</c>: one of <see cref="CancelReasons"/> when the status is Cancelled; otherwise null.</summary>
    public const string CancelReason = "cancel_reason";

    /// <summary><c>timestamptz</c>: when the order was submitted (the time <c>OrderSubmitted</c> carried).</summary>
    public const string SubmittedAt = "submitted_at";

    /// <summary>
    /// <c>timestamptz</c>: when the order was confirmed or cancelled (the time <c>OrderConfirmed</c> or
    /// <c>OrderCancelled</c> carried); null while it is pending.
    /// </summary>
    public const string CompletedAt = "completed_at";
}

namespace Shop.Reporting.Persistence;

/// <summary>A row of <c>reporting.product_sales</c>.</summary>
internal sealed class ProductSalesRow
{
    public Guid ProductId { get; set; }

    public string Name { get; set; } = "";

    public long Quantity { get; set; }

    public decimal Revenue { get; set; }

    /// <summary>Confirmation time of the latest sale, which decides the name shown.</summary>
    public DateTimeOffset LastSoldAt { get; set; }
}

/// <summary>Confirmed orders in one time bucket: a minute (<see cref="SalesMinuteRow"/>) or an hour (<see cref="SalesHourRow"/>).</summary>
internal abstract class SalesBucketRow
{
    public DateTimeOffset BucketStart { get; set; }

    public long Orders { get; set; }

    public long Items { get; set; }

    public decimal Revenue { get; set; }
}

/// <summary>A row of <c>reporting.sales_minutes</c>.</summary>
internal sealed class SalesMinuteRow : SalesBucketRow;

/// <summary>A row of <c>reporting.sales_hours</c>.</summary>
internal sealed class SalesHourRow : SalesBucketRow;

/// <summary>A row of <c>reporting.order_status_counts</c>; <see cref="CancelReason"/> is empty unless the status is Cancelled.</summary>
internal sealed class OrderStatusCountRow
{
    public string Status { get; set; } = "";

    public string CancelReason { get; set; } = "";

    public long Orders { get; set; }

    public long Items { get; set; }

    /// <summary>Sum of the order totals: revenue for Confirmed, value at stake for Pending, value lost for Cancelled.</summary>
    public decimal Amount { get; set; }
}

/// <summary>A row of <c>reporting.funnel_buyers</c>.</summary>
internal sealed class FunnelBuyerRow
{
    public string BuyerId { get; set; } = "";

    public DateTimeOffset? FirstCartedAt { get; set; }

    public DateTimeOffset? FirstCheckoutAt { get; set; }

    public DateTimeOffset? FirstConfirmedAt { get; set; }
}

/// <summary>The single row of <c>reporting.rollup_state</c>.</summary>
internal sealed class RollupStateRow
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    /// <summary>Minute buckets before this time have been compacted into hours; minute queries cannot reach before it.</summary>
    public DateTimeOffset MinutesCompactedBefore { get; set; }

    public DateTimeOffset LastRunAt { get; set; }
}

namespace Shop.Reporting.Contracts;

/// <summary>
/// One time bucket of <c>GET /api/reports/sales</c>: the orders confirmed in it. Buckets are keyed by the confirmation
/// time in UTC and cover a whole minute or hour; buckets without sales are left out of the answer.
/// </summary>
/// <param name="BucketStart">Start of the minute or hour, in UTC.</param>
/// <param name="Orders">Orders confirmed in the bucket.</param>
/// <param name="Items">Units in those orders.</param>
/// <param name="Revenue">Sum of their totals.</param>
public sealed record SalesBucket(DateTimeOffset BucketStart, long Orders, long Items, decimal Revenue);

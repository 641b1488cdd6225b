namespace Shop.Order.Contracts;

/// <summary>Order states as the API, the events and <see cref="OrderHistoryView"/> show them.</summary>
public static class OrderStatuses
{
    public const string Pending = "Pending";
    public const string Confirmed = "Confirmed";
    public const string Cancelled = "Cancelled";
}

namespace Shop.Order.Contracts;

/// <summary>Order states as the API shows them.</summary>
public static class OrderStatuses
{
    public const string Pending = "Pending";
    public const string Confirmed = "Confirmed";
    public const string Cancelled = "Cancelled";
}

namespace Shop.Order.Contracts;

/// <summary>Why an order was cancelled; stable strings used in the API, events and metric labels.</summary>
public static class CancelReasons
{
    public const string OutOfStock = "out-of-stock";
    public const string PaymentDeclined = "payment-declined";
}

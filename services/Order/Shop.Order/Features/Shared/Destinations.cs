namespace Shop.Order.Features.Shared;

/// <summary>
/// Queues the order module sends commands to. Queue names follow the Shop.Messaging convention
/// (<c>&lt;module&gt;-&lt;consumer without "Consumer"&gt;</c>), so each one names the module and consumer that owns it.
/// </summary>
internal static class Destinations
{
    /// <summary>The catalog's <c>ReserveStockConsumer</c>.</summary>
    public const string CatalogReserveStock = "catalog-reserve-stock";

    /// <summary>The catalog's <c>ReleaseStockConsumer</c>.</summary>
    public const string CatalogReleaseStock = "catalog-release-stock";

    /// <summary>This module's own <c>ProcessPaymentConsumer</c>.</summary>
    public const string OrderProcessPayment = "order-process-payment";
}

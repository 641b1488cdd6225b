using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Shop.Messaging;
using Shop.Order.Diagnostics;
using Shop.Order.Features.Checkout;
using Shop.Order.Features.GetOrder;
using Shop.Order.Features.ListOrders;
using Shop.Order.Features.Payment;
using Shop.Order.Features.StockReservation;
using Shop.Order.Persistence;
using Shop.Persistence;
using Shop.ServiceDefaults.Auth;
using Shop.ServiceDefaults.Http;

namespace Shop.Order;

/// <summary>
/// The Order module as a host sees it: one call to register its services and consumers, one to map its endpoints.
/// <c>Shop.Order.Host</c> makes these two calls alone (then <c>AddShopMessaging</c>); the monolith makes them next to
/// every other module's, so nothing here assumes the module is alone in the process.
/// </summary>
/// <remarks>
/// Queues: <c>order-submit-order</c> (request from the cart), <c>order-stock-reserved</c> and
/// <c>order-stock-reservation-failed</c> (catalog events), <c>order-process-payment</c> (its own command). It sends
/// <c>ReserveStock</c> to <c>catalog-reserve-stock</c> and <c>ReleaseStock</c> to <c>catalog-release-stock</c>, and
/// publishes <c>OrderSubmitted</c>, <c>OrderConfirmed</c> and <c>OrderCancelled</c>.
/// </remarks>
public static class OrderModule
{
    /// <summary>
    /// The module's name: it prefixes the order module's queues (<c>order-submit-order</c>, ...) and readiness check, and
    /// tags its outbox and HTTP metrics (<c>shop_module</c>).
    /// </summary>
    public const string ModuleName = "order";

    /// <summary>Where the order endpoints are mapped; the gateway routes <c>/api/orders/**</c> to the module.</summary>
    public const string RoutePrefix = "/api/orders";

    /// <summary>Connection string name of the order module's PostgreSQL database (<c>ConnectionStrings:Order</c>).</summary>
    public const string DatabaseConnectionName = "Order";

    /// <summary>Readiness check of the order database.</summary>
    public const string PostgresHealthCheckName = "order-postgres";

    /// <summary>The order module's PostgreSQL database; there is nothing to seed, orders come from checkouts.</summary>
    internal static PostgresModuleDatabase<OrderDbContext> Database { get; } = new(
        ModuleName, DatabaseConnectionName, "shop_order", PostgresHealthCheckName, OrderDbContext.Configure);

    /// <summary>
    /// Registers the order database context, the consumers with their outbox and inbox, the simulated payment
    /// provider (<c>Order:Payment</c>), metrics, the <c>migrate</c> command and the readiness check. Fails at once when
    /// the connection string is missing or malformed. The host calls <c>AddShopMessaging</c> afterwards.
    /// </summary>
    public static WebApplicationBuilder AddOrderModule(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        services.AddModuleDatabase(builder.Configuration, Database);
        services.AddOptions<PaymentOptions>()
            .BindConfiguration(PaymentOptions.SectionName)
            .Validate(options => options.IsValid(), PaymentOptions.ValidationMessage)
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<OrderMetrics>();
        services.TryAddSingleton<SimulatedPaymentProvider>();

        services.AddModuleMessaging(ModuleName, messaging => messaging
            .AddConsumer<SubmitOrderConsumer>()
            .AddConsumer<StockReservedConsumer>()
            .AddConsumer<StockReservationFailedConsumer>()
            .AddConsumer<ProcessPaymentConsumer, ProcessPaymentConsumerDefinition>()
            .AddOutbox<OrderDbContext>());
        return builder;
    }

    /// <summary>Maps the buyer's order endpoints under <see cref="RoutePrefix"/>; every one needs a buyer's token.</summary>
    public static IEndpointRouteBuilder MapOrderModule(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var orders = endpoints.MapModuleGroup(RoutePrefix, ModuleName, "Orders").RequirePolicy(ShopClaims.BuyerPolicy);
        orders.MapListOrders();
        orders.MapGetOrder();
        return endpoints;
    }
}

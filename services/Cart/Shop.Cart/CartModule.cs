using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Shop.Cart.Diagnostics;
using Shop.Cart.Events;
using Shop.Cart.Features.Checkout;
using Shop.Cart.Features.ClearCart;
using Shop.Cart.Features.GetCart;
using Shop.Cart.Features.OrderConfirmation;
using Shop.Cart.Features.RemoveItem;
using Shop.Cart.Features.SetQuantity;
using Shop.Cart.Features.Shared;
using Shop.Cart.Products;
using Shop.Cart.Storage;
using Shop.Messaging;
using Shop.ServiceDefaults.Auth;
using Shop.ServiceDefaults.Health;
using Shop.ServiceDefaults.Http;
using Shop.ServiceDefaults.Redis;

namespace Shop.Cart;

/// <summary>
/// The Cart module as a host sees it: one call to register its services, one to map its endpoints.
/// <c>Shop.Cart.Host</c> makes these two calls alone; the monolith makes them next to every other module's, so nothing
/// here assumes the module is alone in the process. The host adds the bus afterwards with <c>AddShopMessaging</c>.
/// </summary>
public static class CartModule
{
    /// <summary>
    /// The module's name: it prefixes the cart's queues (<c>cart-order-confirmed</c>) and readiness check, and tags its
    /// HTTP metrics (<c>shop_module</c>).
    /// </summary>
    public const string ModuleName = "cart";

    /// <summary>Where the cart's endpoints are mapped; the gateway routes <c>/api/cart/**</c> to the module.</summary>
    public const string RoutePrefix = "/api/cart";

    /// <summary>Connection string name of Redis (<c>ConnectionStrings:Redis</c>), shared with other modules.</summary>
    public const string RedisConnectionName = "Redis";

    /// <summary>Readiness check of Redis, where the carts are.</summary>
    public const string RedisHealthCheckName = "cart-redis";

    /// <summary>
    /// Registers the cart's store, catalog and order clients, metrics, endpoint services, its <c>OrderConfirmed</c>
    /// consumer and the Redis readiness check. Fails at once when the Redis connection string is missing or malformed.
    /// </summary>
    public static WebApplicationBuilder AddCartModule(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var services = builder.Services;

        services.AddRedisConnection(configuration, RedisConnectionName);
        services.AddOptions<CartOptions>()
            .Bind(configuration.GetSection(CartOptions.SectionName))
            .Validate(options => options.IsValid(), CartOptions.ValidationMessage)
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CartMetrics>();
        services.TryAddSingleton<CartKeys>();
        services.TryAddSingleton<CartStore>();
        // Scoped like the request clients and the publish endpoint they use.
        services.TryAddScoped<ProductCatalog>();
        services.TryAddScoped<PricedCartReader>();
        services.TryAddScoped<OrderSubmission>();
        services.TryAddScoped<CartCheckout>();
        services.TryAddScoped<CartEvents>();

        services.AddModuleMessaging(ModuleName, messaging => messaging.AddConsumer<OrderConfirmedConsumer>());
        // Without Redis there is no cart at all: unlike the catalog's cache, this check takes the replica out of rotation.
        services.AddHealthChecks().AddRedisReadiness(RedisHealthCheckName);
        return builder;
    }

    /// <summary>
    /// Maps the buyer's cart endpoints under <see cref="RoutePrefix"/>. All of them need a buyer token
    /// (<see cref="ShopClaims.BuyerPolicy"/>) and answer a failing catalog, order module or Redis with 503.
    /// </summary>
    public static IEndpointRouteBuilder MapCartModule(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var cart = endpoints.MapModuleGroup(RoutePrefix, ModuleName, "Cart")
            .RequirePolicy(ShopClaims.BuyerPolicy)
            .AddEndpointFilter<DependencyFailureFilter>()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        cart.MapGetCart();
        cart.MapSetQuantity();
        cart.MapRemoveItem();
        cart.MapClearCart();
        cart.MapCheckout();
        return endpoints;
    }
}

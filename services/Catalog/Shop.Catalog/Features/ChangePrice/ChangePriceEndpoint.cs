using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Shop.Catalog.Contracts;
using Shop.Catalog.Contracts.Messages;
using Shop.Catalog.Diagnostics;
using Shop.Catalog.Features.Shared;
using Shop.Messaging.Outbox;
using Shop.ServiceDefaults.Auth;
using Shop.ServiceDefaults.Http;

namespace Shop.Catalog.Features.ChangePrice;

/// <summary>
/// <c>PUT /api/catalog/products/{id}/price</c> (administrators): sets a product's price and publishes
/// <see cref="ProductPriceChanged"/> through the outbox, committed in the same SaveChanges as the new price, so
/// subscribers hear of every committed change and of no rolled-back one. Setting the price it already has publishes nothing.
/// </summary>
internal static class ChangePriceEndpoint
{
    private const string LogCategory = "Shop.Catalog.Features.ChangePrice";

    public static RouteHandlerBuilder MapChangePrice(this IEndpointRouteBuilder catalog) =>
        catalog.MapPut("/products/{id}/price", HandleAsync)
            .RequirePolicy(ShopClaims.AdminPolicy)
            .WithName("Catalog.ChangePrice")
            .WithSummary("Change a product's price")
            .WithDescription("Sets the unit price (greater than zero, at most two decimals) and returns the updated product.");

    internal static Task<Results<Ok<ProductDetails>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        string id,
        ChangePriceRequest request,
        ProductUpdates updates,
        IOutbox outbox,
        CatalogMetrics metrics,
        TimeProvider time,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken) =>
        updates.ChangeAsync(
            id,
            (product, db) =>
            {
                var oldPrice = product.Price;
                var changedAt = time.GetUtcNow();
                product.ChangePrice(request.Price, changedAt);
                if (product.Price != oldPrice)
                {
                    outbox.Publish(db, new ProductPriceChanged(product.Id, oldPrice, product.Price, changedAt));
                }
            },
            committed =>
            {
                metrics.PriceChanged();
                loggerFactory.CreateLogger(LogCategory).PriceChanged(committed.Id, request.Price);
            },
            cancellationToken);
}

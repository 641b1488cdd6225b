using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Shop.Catalog.Caching;
using Shop.Catalog.Contracts;
using Shop.Catalog.Contracts.Messages;
using Shop.Catalog.Diagnostics;
using Shop.Catalog.Domain;
using Shop.Catalog.Features.Shared;
using Shop.Messaging.Outbox;
using Shop.ServiceDefaults.Auth;

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
            .RequireAuthorization(ShopClaims.AdminPolicy)
            .WithName("Catalog.ChangePrice")
            .WithSummary("Change a product's price")
            .WithDescription("Sets the unit price (greater than zero, at most two decimals) and returns the updated product.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

    internal static async Task<Results<Ok<ProductDetails>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        string id,
        ChangePriceRequest request,
        ProductUpdates updates,
        IOutbox outbox,
        ProductCache cache,
        CatalogMetrics metrics,
        TimeProvider time,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        if (!ProductProblems.TryParseId(id, out var productId))
        {
            return ProductProblems.InvalidId();
        }

        ProductUpdateResult result;
        try
        {
            result = await updates.ApplyAsync(productId, (product, db) =>
            {
                var oldPrice = product.Price;
                var changedAt = time.GetUtcNow();
                product.ChangePrice(request.Price, changedAt);
                if (product.Price != oldPrice)
                {
                    outbox.Publish(db, new ProductPriceChanged(product.Id, oldPrice, product.Price, changedAt));
                }
            }, cancellationToken);
        }
        catch (CatalogRuleException rule)
        {
            return ProductProblems.RuleBroken(rule);
        }
        if (result.Status == ProductUpdateStatus.NotFound)
        {
            return ProductProblems.NotFound(productId);
        }
        if (result.Status == ProductUpdateStatus.Conflict)
        {
            return ProductProblems.Conflict(productId);
        }

        // The change is committed: a client hanging up now must not leave the old price in the cache.
        await cache.InvalidateAsync(productId, CancellationToken.None);
        metrics.PriceChanged();
        loggerFactory.CreateLogger(LogCategory).PriceChanged(productId, request.Price);
        return TypedResults.Ok(result.Product!);
    }
}

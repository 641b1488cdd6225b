using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Shop.Catalog.Caching;
using Shop.Catalog.Contracts;
using Shop.Catalog.Diagnostics;
using Shop.Catalog.Domain;
using Shop.Catalog.Features.Shared;
using Shop.ServiceDefaults.Auth;

namespace Shop.Catalog.Features.Restock;

/// <summary><c>POST /api/catalog/products/{id}/stock</c> (administrators): adds received units to a product's stock.</summary>
internal static class RestockEndpoint
{
    private const string LogCategory = "Shop.Catalog.Features.Restock";

    public static RouteHandlerBuilder MapRestock(this IEndpointRouteBuilder catalog) =>
        catalog.MapPost("/products/{id}/stock", HandleAsync)
            .RequireAuthorization(ShopClaims.AdminPolicy)
            .WithName("Catalog.Restock")
            .WithSummary("Restock a product")
            .WithDescription($"Adds 1 to {Product.MaxRestockQuantity} units to the product's stock and returns the updated product.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

    internal static async Task<Results<Ok<ProductDetails>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        string id,
        RestockRequest request,
        ProductUpdates updates,
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
            result = await updates.ApplyAsync(productId, p => p.Restock(request.Quantity, time.GetUtcNow()), cancellationToken);
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

        // The change is committed: a client hanging up now must not leave the old stock level in the cache.
        await cache.InvalidateAsync(productId, CancellationToken.None);
        metrics.Restocked(request.Quantity);
        loggerFactory.CreateLogger(LogCategory).Restocked(productId, request.Quantity, result.Product!.Stock);
        return TypedResults.Ok(result.Product!);
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Shop.Catalog.Contracts;
using Shop.Catalog.Diagnostics;
using Shop.Catalog.Domain;
using Shop.Catalog.Features.Shared;
using Shop.ServiceDefaults.Auth;
using Shop.ServiceDefaults.Http;

namespace Shop.Catalog.Features.Restock;

/// <summary><c>POST /api/catalog/products/{id}/stock</c> (administrators): adds received units to a product's stock.</summary>
internal static class RestockEndpoint
{
    private const string LogCategory = "Shop.Catalog.Features.Restock";

    public static RouteHandlerBuilder MapRestock(this IEndpointRouteBuilder catalog) =>
        catalog.MapPost("/products/{id}/stock", HandleAsync)
            .RequirePolicy(ShopClaims.AdminPolicy)
            .WithName("Catalog.Restock")
            .WithSummary("Restock a product")
            .WithDescription($"Adds 1 to {Product.MaxRestockQuantity} units to the product's stock and returns the updated product.");

    internal static Task<Results<Ok<ProductDetails>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        string id,
        RestockRequest request,
        ProductUpdates updates,
        CatalogMetrics metrics,
        TimeProvider time,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken) =>
        updates.ChangeAsync(
            id,
            (product, _) => product.Restock(request.Quantity, time.GetUtcNow()),
            committed =>
            {
                metrics.Restocked(request.Quantity);
                loggerFactory.CreateLogger(LogCategory).Restocked(committed.Id, request.Quantity, committed.Stock);
            },
            cancellationToken);
}

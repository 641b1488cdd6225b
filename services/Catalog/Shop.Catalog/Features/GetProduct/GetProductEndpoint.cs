using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Shop.Catalog.Caching;
using Shop.Catalog.Contracts;
using Shop.Catalog.Features.Shared;
using Shop.Catalog.Persistence;

namespace Shop.Catalog.Features.GetProduct;

/// <summary>
/// <c>GET /api/catalog/products/{id}</c>: the hottest read in the shop (every product page, every cart line),
/// so it goes through the Redis cache. A malformed id is a 400, an unknown one a 404, both problem documents.
/// </summary>
internal static class GetProductEndpoint
{
    public static RouteHandlerBuilder MapGetProduct(this IEndpointRouteBuilder catalog) =>
        catalog.MapGet("/products/{id}", HandleAsync)
            .WithName("Catalog.GetProduct")
            .WithSummary("Get one product")
            .WithDescription("Product details by id, served from the cache when possible.");

    internal static async Task<Results<Ok<ProductDetails>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        string id,
        CatalogDbContext db,
        ProductCache cache,
        CancellationToken cancellationToken)
    {
        if (!ProductProblems.TryParseId(id, out var productId))
        {
            return ProductProblems.InvalidId();
        }
        var product = await cache.GetOrLoadAsync(productId, db.FindDetailsAsync, cancellationToken);
        return product is null ? ProductProblems.NotFound(productId) : TypedResults.Ok(product);
    }
}

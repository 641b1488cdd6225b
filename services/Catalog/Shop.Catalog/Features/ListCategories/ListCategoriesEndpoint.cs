using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Shop.Catalog.Persistence;
using CategoryResponse = Shop.Catalog.Contracts.Category;

namespace Shop.Catalog.Features.ListCategories;

/// <summary><c>GET /api/catalog/categories</c>: every category with its product count, ordered by name.</summary>
internal static class ListCategoriesEndpoint
{
    public static RouteHandlerBuilder MapListCategories(this IEndpointRouteBuilder catalog) =>
        catalog.MapGet("/categories", HandleAsync)
            .WithName("Catalog.ListCategories")
            .WithSummary("List categories")
            .WithDescription("Every category with its slug (the products filter key) and number of products.");

    internal static async Task<Ok<List<CategoryResponse>>> HandleAsync(CatalogDbContext db, CancellationToken cancellationToken)
    {
        var categories = await db.Categories
            .AsNoTracking()
            .OrderBy(c => c.Name)
            .ThenBy(c => c.Id)
            .Select(c => new CategoryResponse(c.Id, c.Name, c.Slug, db.Products.Count(p => p.CategoryId == c.Id)))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(categories);
    }
}

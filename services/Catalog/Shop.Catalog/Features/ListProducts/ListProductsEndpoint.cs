using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Shop.Catalog.Contracts;
using Shop.Catalog.Features.Shared;
using Shop.Catalog.Persistence;

namespace Shop.Catalog.Features.ListProducts;

/// <summary>
/// <c>GET /api/catalog/products?page=&amp;pageSize=&amp;category=&amp;q=</c>: one page of products ordered by name,
/// then id, so pages never overlap or skip items while the catalog is unchanged.
/// <list type="bullet">
/// <item><c>page</c>: 1-based, default 1, at most <see cref="MaxPage"/>.</item>
/// <item><c>pageSize</c>: 1 to <see cref="MaxPageSize"/>, default <see cref="DefaultPageSize"/>.</item>
/// <item><c>category</c>: a category slug. An unknown slug gives an empty page (200), like any filter matching
/// nothing; a string that cannot be a slug at all is a 400.</item>
/// <item><c>q</c>: case-insensitive substring of the name or SKU; at most <see cref="MaxSearchLength"/> characters and
/// no control characters (PostgreSQL refuses a NUL in text, which was a 500).</item>
/// </list>
/// </summary>
internal static class ListProductsEndpoint
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    /// <summary>Keeps the row offset within an int; nobody pages this far by hand.</summary>
    public const int MaxPage = 1_000_000;

    public const int MaxSearchLength = 100;

    private const string LikeEscape = "\\";

    public static RouteHandlerBuilder MapListProducts(this IEndpointRouteBuilder catalog) =>
        catalog.MapGet("/products", HandleAsync)
            .WithName("Catalog.ListProducts")
            .WithSummary("List products")
            .WithDescription("One page of products ordered by name and id, optionally filtered by category slug and a search term. "
                + "An unknown category slug yields an empty page.");

    internal static async Task<Results<Ok<ProductPage>, ValidationProblem>> HandleAsync(
        int? page,
        int? pageSize,
        string? category,
        string? q,
        CatalogDbContext db,
        CancellationToken cancellationToken)
    {
        var pageNumber = page ?? 1;
        var size = pageSize ?? DefaultPageSize;
        var slug = string.IsNullOrWhiteSpace(category) ? null : category.Trim();
        var search = string.IsNullOrWhiteSpace(q) ? null : q.Trim();

        var errors = new Dictionary<string, string[]>();
        if (pageNumber is < 1 or > MaxPage)
        {
            errors["page"] = [$"page must be between 1 and {MaxPage}."];
        }
        if (size is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"pageSize must be between 1 and {MaxPageSize}."];
        }
        if (slug is not null && !Domain.Category.IsValidSlug(slug))
        {
            errors["category"] = ["category must be a category slug such as 'electronics' (see /api/catalog/categories)."];
        }
        if (search is { Length: > MaxSearchLength })
        {
            errors["q"] = [$"q must be at most {MaxSearchLength} characters long."];
        }
        else if (search is not null && search.Any(char.IsControl))
        {
            errors["q"] = ["q must not contain control characters."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var products = db.Products.AsNoTracking();
        if (slug is not null)
        {
            products = products.Where(p => p.Category!.Slug == slug);
        }
        if (search is not null)
        {
            var pattern = $"%{EscapeLikePattern(search)}%";
            products = products.Where(p =>
                EF.Functions.ILike(p.Name, pattern, LikeEscape) || EF.Functions.ILike(p.Sku, pattern, LikeEscape));
        }

        var total = await products.CountAsync(cancellationToken);
        var offset = (pageNumber - 1) * size;
        List<ProductSummary> items = offset >= total
            ? []
            : await products
                .OrderBy(p => p.Name)
                .ThenBy(p => p.Id)
                .Skip(offset)
                .Take(size)
                .Select(ProductRecords.Summary)
                .ToListAsync(cancellationToken);

        return TypedResults.Ok(new ProductPage(items, pageNumber, size, total));
    }

    /// <summary>A search for "50%" or "a_b" means those characters literally, not LIKE wildcards.</summary>
    internal static string EscapeLikePattern(string search) =>
        search
            .Replace(LikeEscape, LikeEscape + LikeEscape, StringComparison.Ordinal)
            .Replace("%", LikeEscape + "%", StringComparison.Ordinal)
            .Replace("_", LikeEscape + "_", StringComparison.Ordinal);
}

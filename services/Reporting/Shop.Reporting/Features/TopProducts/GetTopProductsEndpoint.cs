using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Shop.Reporting.Contracts;
using Shop.Reporting.Persistence;

namespace Shop.Reporting.Features.TopProducts;

/// <summary>
/// <c>GET /api/reports/top-products?limit=</c>: the best sellers by units sold, then revenue, then product id (so equal
/// products always come in the same order). <c>limit</c> is 1 to <see cref="MaxLimit"/>, default <see cref="DefaultLimit"/>.
/// </summary>
internal static class GetTopProductsEndpoint
{
    public const int DefaultLimit = 10;
    public const int MaxLimit = 1000;

    public static RouteHandlerBuilder MapGetTopProducts(this IEndpointRouteBuilder reports) =>
        reports.MapGet("/top-products", HandleAsync)
            .WithName("Reporting.GetTopProducts")
            .WithSummary("Best-selling products")
            .WithDescription($"Products of confirmed orders by units sold (then revenue), at most limit of them (1-{MaxLimit}, default {DefaultLimit}).")
            .Produces<IReadOnlyList<ProductSales>>()
            .ProducesValidationProblem();

    /// <summary><paramref name="limit"/> is taken as text so that "abc" is a validation problem naming it, not a bare 400.</summary>
    internal static async Task<Results<Ok<IReadOnlyList<ProductSales>>, ValidationProblem>> HandleAsync(
        string? limit, ReportingDbContext db, CancellationToken cancellationToken)
    {
        var take = DefaultLimit;
        if (limit is not null
            && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out take) || take is < 1 or > MaxLimit))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["limit"] = [$"limit must be a whole number from 1 to {MaxLimit}."],
            });
        }

        IReadOnlyList<ProductSales> products = await db.ProductSales.AsNoTracking()
            .OrderByDescending(p => p.Quantity)
            .ThenByDescending(p => p.Revenue)
            .ThenBy(p => p.ProductId)
            .Take(take)
            .Select(p => new ProductSales(p.ProductId, p.Name, p.Quantity, p.Revenue))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(products);
    }
}

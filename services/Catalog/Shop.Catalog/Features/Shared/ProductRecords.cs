using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Shop.Catalog.Contracts;
using Shop.Catalog.Domain;
using Shop.Catalog.Persistence;

namespace Shop.Catalog.Features.Shared;

/// <summary>How a product becomes the records clients see: once as expressions EF Core translates to SQL, once in memory after a write.</summary>
internal static class ProductRecords
{
    public static readonly Expression<Func<Product, ProductDetails>> Details = p => new ProductDetails(
        p.Id,
        p.Sku,
        p.Name,
        p.Category != null ? p.Category.Slug : null,
        p.Price,
        p.Stock,
        p.Description,
        p.CategoryId);

    public static readonly Expression<Func<Product, ProductSummary>> Summary = p => new ProductSummary(
        p.Id,
        p.Sku,
        p.Name,
        p.Category != null ? p.Category.Slug : null,
        p.Price,
        p.Stock);

    private static readonly Func<Product, ProductDetails> DetailsInMemory = Details.Compile();

    /// <summary>Maps a product loaded with its category (see <see cref="ProductUpdates"/>).</summary>
    public static ProductDetails ToDetails(Product product) => DetailsInMemory(product);

    public static Task<ProductDetails?> FindDetailsAsync(this CatalogDbContext db, Guid productId, CancellationToken cancellationToken) =>
        db.Products
            .AsNoTracking()
            .Where(p => p.Id == productId)
            .Select(Details)
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>The products among <paramref name="productIds"/> that exist, in one query (<c>id = ANY(@ids)</c>).</summary>
    public static Task<List<ProductDetails>> FindDetailsManyAsync(
        this CatalogDbContext db, IReadOnlyList<Guid> productIds, CancellationToken cancellationToken) =>
        db.Products
            .AsNoTracking()
            .Where(p => productIds.Contains(p.Id))
            .Select(Details)
            .ToListAsync(cancellationToken);
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Shop.Catalog.Contracts;
using Shop.Catalog.Diagnostics;
using Shop.Catalog.Domain;
using Shop.Catalog.Persistence;

namespace Shop.Catalog.Features.Shared;

internal enum ProductUpdateStatus
{
    Updated,
    NotFound,
    Conflict,
}

/// <param name="Status">What happened.</param>
/// <param name="Product">The product as committed, when <see cref="Status"/> is <see cref="ProductUpdateStatus.Updated"/>.</param>
internal readonly record struct ProductUpdateResult(ProductUpdateStatus Status, ProductDetails? Product);

/// <summary>
/// Load, change through the domain, save: guarded by the row's version, so a concurrent writer is never
/// overwritten. On a conflict the change is applied again to the fresh row, which is right for both admin
/// operations (a price is set, not adjusted; a restock adds to whatever the stock is now).
/// </summary>
internal sealed class ProductUpdates(CatalogDbContext db, ILogger<ProductUpdates> logger)
{
    private const int MaxAttempts = 3;

    /// <exception cref="CatalogRuleException">The change breaks a catalog rule; nothing was saved.</exception>
    public Task<ProductUpdateResult> ApplyAsync(Guid productId, Action<Product> change, CancellationToken cancellationToken) =>
        ApplyAsync(productId, (product, _) => change(product), cancellationToken);

    /// <summary>
    /// Like <see cref="ApplyAsync(Guid, Action{Product}, CancellationToken)"/>, and <paramref name="change"/> also gets
    /// the context, to stage outbox messages that must commit in the same SaveChanges as the change. On a retry the
    /// tracker is cleared (staged messages included) and <paramref name="change"/> runs again on the fresh row.
    /// </summary>
    /// <exception cref="CatalogRuleException">The change breaks a catalog rule; nothing was saved.</exception>
    public async Task<ProductUpdateResult> ApplyAsync(Guid productId, Action<Product, CatalogDbContext> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var product = await db.Products
                .Include(p => p.Category)
                .FirstOrDefaultAsync(p => p.Id == productId, cancellationToken);
            if (product is null)
            {
                return new ProductUpdateResult(ProductUpdateStatus.NotFound, null);
            }

            change(product, db);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return new ProductUpdateResult(ProductUpdateStatus.Updated, ProductRecords.ToDetails(product));
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                logger.ConcurrentUpdateRetried(productId, attempt);
                db.ChangeTracker.Clear();
            }
            catch (DbUpdateConcurrencyException)
            {
                logger.ConcurrentUpdateGaveUp(productId, attempt);
                return new ProductUpdateResult(ProductUpdateStatus.Conflict, null);
            }
        }
    }
}

using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Shop.Catalog.Caching;
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
/// An administrator's change to one product, as the price and stock endpoints answer it. Load, change through the
/// domain, save: guarded by the row's version, so a concurrent writer is never overwritten. On a conflict the change is
/// applied again to the fresh row, which is right for both admin operations (a price is set, not adjusted; a restock
/// adds to whatever the stock is now).
/// </summary>
internal sealed class ProductUpdates(CatalogDbContext db, ProductCache cache, ILogger<ProductUpdates> logger)
{
    private const int MaxAttempts = 3;

    /// <summary>
    /// Applies <paramref name="change"/> to the product <paramref name="id"/> and answers: 400 for a malformed id or a
    /// broken catalog rule, 404 for an unknown product, 409 when it kept changing underneath, otherwise 200 with the
    /// product as committed, once its cached copy is gone and <paramref name="committed"/> (metrics, logs) has run.
    /// </summary>
    /// <param name="id">The product id from the route, not parsed yet.</param>
    /// <param name="change">
    /// Changes the product; it also gets the context, to stage outbox messages that must commit in the same SaveChanges.
    /// On a retry the tracker is cleared (staged messages included) and it runs again on the fresh row.
    /// </param>
    /// <param name="committed">What follows only a committed change, given the product as committed.</param>
    /// <param name="cancellationToken">The request's token.</param>
    public async Task<Results<Ok<ProductDetails>, ValidationProblem, ProblemHttpResult>> ChangeAsync(
        string id, Action<Product, CatalogDbContext> change, Action<ProductDetails> committed, CancellationToken cancellationToken)
    {
        if (!ProductProblems.TryParseId(id, out var productId))
        {
            return ProductProblems.InvalidId();
        }

        ProductUpdateResult result;
        try
        {
            result = await ApplyAsync(productId, change, cancellationToken);
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

        // The change is committed: a client hanging up now must not leave the old price or stock level in the cache.
        await cache.InvalidateAsync(productId, CancellationToken.None);
        committed(result.Product!);
        return TypedResults.Ok(result.Product!);
    }

    /// <exception cref="CatalogRuleException">The change breaks a catalog rule; nothing was saved.</exception>
    private async Task<ProductUpdateResult> ApplyAsync(Guid productId, Action<Product, CatalogDbContext> change, CancellationToken cancellationToken)
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

using Microsoft.Extensions.Logging;
using Shop.Cart.Diagnostics;
using Shop.Cart.Products;
using Shop.Cart.Storage;

namespace Shop.Cart.Features.Shared;

/// <summary>
/// Reads a buyer's cart and prices it with the catalog's current names and prices. Products the catalog no longer has
/// are dropped from the answer and from the cart itself, so the buyer sees them disappear once instead of carrying
/// lines that can never be bought (a checkout would only have them refused).
/// </summary>
internal sealed class PricedCartReader(
    CartStore store,
    ProductCatalog catalog,
    CartMetrics metrics,
    ILogger<PricedCartReader> logger)
{
    private static readonly PricedCart Empty = new([], []);

    /// <exception cref="DependencyUnavailableException">The catalog did not answer.</exception>
    public async Task<PricedCart> ReadAsync(string buyerId, CancellationToken cancellationToken)
    {
        var cart = await store.ReadAsync(buyerId, cancellationToken);
        if (cart.Count == 0)
        {
            return Empty;
        }

        var snapshots = await catalog.GetSnapshotsAsync([.. cart.Keys], cancellationToken);
        var priced = CartPricing.Price(cart, snapshots);
        if (priced.Discontinued.Count > 0)
        {
            await RemoveDiscontinuedAsync(buyerId, priced.Discontinued);
        }
        return priced;
    }

    private async Task RemoveDiscontinuedAsync(string buyerId, IReadOnlyList<Guid> discontinued)
    {
        try
        {
            // A product the catalog has deleted cannot come back under the same id, so removing it cannot undo a
            // concurrent PUT: that PUT would have been refused with 404. Not tied to the request: the buyer gets the
            // answer without these lines either way.
            var removed = await store.RemoveAsync(buyerId, discontinued, CancellationToken.None);
            metrics.ItemsDiscontinued(removed);
            logger.DiscontinuedProductsRemoved(removed, string.Join(", ", discontinued));
        }
        catch (Exception ex) when (DependencyFailureFilter.IsRedisUnavailable(ex))
        {
            // Only housekeeping failed: the lines are already left out, and the next read tries again.
            logger.DiscontinuedProductsNotRemoved(discontinued.Count, ex);
        }
    }
}

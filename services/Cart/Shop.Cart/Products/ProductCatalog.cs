using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Cart.Diagnostics;
using Shop.Cart.Features.Shared;
using Shop.Catalog.Contracts.Messages;

namespace Shop.Cart.Products;

/// <summary>
/// Asks the catalog for products' current names, prices and stock. The request is published on the bus, so whichever
/// catalog replica (or the catalog module of the monolith) takes it from the catalog's queue answers; the cart never
/// needs to know where the catalog runs. The cart keeps no copy of prices: every view and every checkout asks again.
/// </summary>
internal sealed class ProductCatalog(
    IRequestClient<GetProductSnapshots> client,
    IOptions<CartOptions> options,
    CartMetrics metrics,
    ILogger<ProductCatalog> logger)
{
    /// <exception cref="DependencyUnavailableException">No catalog answered within <see cref="CartOptions.CatalogTimeout"/>, or it failed.</exception>
    public async Task<ProductSnapshots> GetSnapshotsAsync(IReadOnlyCollection<Guid> productIds, CancellationToken cancellationToken)
    {
        try
        {
            var response = await client.GetResponse<ProductSnapshots>(
                new GetProductSnapshots([.. productIds]), cancellationToken, options.Value.CatalogTimeout);
            return response.Message;
        }
        catch (MassTransitException ex) when (!cancellationToken.IsCancellationRequested)
        {
            metrics.DependencyFailed(Dependencies.Catalog);
            logger.CatalogUnavailable(productIds.Count, DependencyUnavailableException.ReasonOf(ex), ex);
            throw new DependencyUnavailableException(
                Dependencies.Catalog,
                "The catalog is unavailable, try again.",
                "The catalog did not answer with current prices in time; nothing was changed by this request.",
                ex);
        }
    }
}

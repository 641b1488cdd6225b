using MassTransit;
using MassTransit.Events;
using MassTransit.Metadata;
using Microsoft.Extensions.Logging;
using Shop.Catalog.Caching;
using Shop.Catalog.Contracts.Messages;
using Shop.Catalog.Diagnostics;
using Shop.Catalog.Features.Shared;
using Shop.Catalog.Persistence;
using Shop.Messaging.Conventions;

namespace Shop.Catalog.Features.Snapshots;

/// <summary>
/// Queue <c>catalog-get-product-snapshots</c>: answers <see cref="GetProductSnapshots"/> with
/// <see cref="ProductSnapshots"/>, the current name, price and stock of each product that exists, in the order asked
/// (duplicates once), and the ids that name no product.
/// <para>
/// Reads go through the product cache: one MGET for all ids, then one PostgreSQL query for the misses, which are cached
/// for the next caller. Read-only, so a plain consumer: answering a redelivered request twice is harmless.
/// </para>
/// <para>
/// A request for more than <see cref="MaxProducts"/> ids (or without a list) is a client mistake, answered at once with a
/// <see cref="Fault{T}"/>, so the requester's <c>GetResponse</c> throws <see cref="RequestFaultException"/>. It is not
/// thrown: that would retry a request that can never succeed and park it in the error queue.
/// </para>
/// </summary>
internal sealed class GetProductSnapshotsConsumer(
    CatalogDbContext db,
    ProductCache cache,
    ILogger<GetProductSnapshotsConsumer> logger) : IConsumer<GetProductSnapshots>
{
    /// <summary>The most ids one request may carry; a cart or an order is far smaller.</summary>
    public const int MaxProducts = 100;

    public async Task Consume(ConsumeContext<GetProductSnapshots> context)
    {
        var requested = context.Message.ProductIds;
        if (requested is null || requested.Count > MaxProducts)
        {
            var problem = requested is null
                ? "ProductIds is required."
                : $"ProductIds has {requested.Count} ids; at most {MaxProducts} are allowed per request.";
            logger.SnapshotRequestRejected(problem);
            await RespondWithFaultAsync(context, new ArgumentException(problem));
            return;
        }

        var ids = requested.Distinct().ToList();
        var found = await cache.GetOrLoadManyAsync(ids, db.FindDetailsManyAsync, context.CancellationToken);

        var products = new List<ProductSnapshot>(found.Count);
        var missing = new List<Guid>();
        foreach (var id in ids)
        {
            if (found.TryGetValue(id, out var product))
            {
                products.Add(new ProductSnapshot(product.Id, product.Name, product.Price, product.Stock));
            }
            else
            {
                missing.Add(id);
            }
        }
        await context.RespondAsync(new ProductSnapshots(products, missing));
    }

    private static Task RespondWithFaultAsync(ConsumeContext<GetProductSnapshots> context, Exception exception)
    {
        var fault = new FaultEvent<GetProductSnapshots>(
            context.Message,
            context.MessageId,
            HostMetadataCache.Host,
            exception,
            [.. context.SupportedMessageTypes]);
        return context.RespondAsync<Fault<GetProductSnapshots>>(fault);
    }
}

/// <summary>Read-only and short, so more requests run at once than the default; each holds a connection only on a cache miss.</summary>
internal sealed class GetProductSnapshotsConsumerDefinition : ShopConsumerDefinition<GetProductSnapshotsConsumer>
{
    public GetProductSnapshotsConsumerDefinition() => ConcurrentMessageLimit = 16;
}

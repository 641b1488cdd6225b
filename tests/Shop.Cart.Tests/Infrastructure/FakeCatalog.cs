using System.Collections.Concurrent;
using MassTransit;
using Shop.Catalog.Contracts.Messages;

namespace Shop.Cart.Tests.Infrastructure;

/// <summary>
/// Stands for the catalog module: a product table a test fills and changes, answered over the real broker the way
/// the catalog answers <see cref="GetProductSnapshots"/>.
/// </summary>
public sealed class FakeCatalog
{
    private readonly ConcurrentDictionary<Guid, ProductSnapshot> _products = new();

    /// <summary>Adds a product no other test knows about.</summary>
    public ProductSnapshot Add(decimal price = 10.00m, int stock = 5)
    {
        var id = Guid.NewGuid();
        var product = new ProductSnapshot(id, $"Test product {id:N}", price, stock);
        _products[id] = product;
        return product;
    }

    public void ChangePrice(Guid productId, decimal price) =>
        _products.AddOrUpdate(productId, _ => throw new InvalidOperationException($"No product {productId}."), (_, p) => p with { Price = price });

    /// <summary>Deletes the product: from now on the catalog reports it missing.</summary>
    public void Remove(Guid productId) => _products.TryRemove(productId, out _);

    internal ProductSnapshots Answer(IReadOnlyList<Guid> productIds)
    {
        var found = new List<ProductSnapshot>();
        var missing = new List<Guid>();
        foreach (var id in productIds.Distinct())
        {
            if (_products.TryGetValue(id, out var product))
            {
                found.Add(product);
            }
            else
            {
                missing.Add(id);
            }
        }
        return new ProductSnapshots(found, missing);
    }
}

/// <summary>The catalog stand-in's responder.</summary>
public sealed class GetProductSnapshotsConsumer(FakeCatalog catalog) : IConsumer<GetProductSnapshots>
{
    public Task Consume(ConsumeContext<GetProductSnapshots> context) =>
        context.RespondAsync(catalog.Answer(context.Message.ProductIds));
}

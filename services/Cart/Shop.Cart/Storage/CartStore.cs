using System.Text.Json;
using Microsoft.Extensions.Options;
using Shop.Order.Contracts;
using Shop.Order.Contracts.Messages;
using StackExchange.Redis;

namespace Shop.Cart.Storage;

/// <summary>What a confirmed order did to the buyer's cart.</summary>
internal enum ConfirmationOutcome
{
    /// <summary>The order's lines were the whole cart; nothing is left.</summary>
    Emptied,

    /// <summary>Some lines went or shrank; others (added or raised after checkout) remain.</summary>
    Reduced,

    /// <summary>None of the ordered products was still in the cart (the buyer had removed them, or the cart expired).</summary>
    Unchanged,

    /// <summary>This order's confirmation had already been applied; nothing changed.</summary>
    Duplicate,
}

/// <param name="CartFull">The product was not in the cart and the cart already holds the most lines; nothing changed.</param>
/// <param name="PreviousQuantity">Units of the product before the change; 0 when the line is new.</param>
internal readonly record struct SetQuantityResult(bool CartFull, int PreviousQuantity);

/// <summary>
/// Carts in Redis, one hash per buyer (field: product id, value: quantity). Every change is one atomic script that
/// also restarts the idle expiry, so a cart never exists without one. Redis runs with AOF, so a saved cart survives a
/// Redis restart. Failures surface as <see cref="RedisException"/> or <see cref="TimeoutException"/>; the endpoints
/// answer them with 503.
/// </summary>
internal sealed class CartStore(IConnectionMultiplexer redis, CartKeys keys, IOptions<CartOptions> options)
{
    private readonly CartOptions _options = options.Value;

    private IDatabase Database => redis.GetDatabase();

    /// <summary>The buyer's lines (product id to quantity); empty when there is no cart. Restarts the idle expiry.</summary>
    public async Task<IReadOnlyDictionary<Guid, int>> ReadAsync(string buyerId, CancellationToken cancellationToken)
    {
        // Redis commands take no token; WaitAsync stops waiting when the request is abandoned.
        var result = await Database.ScriptEvaluateAsync(
            CartScripts.Read, [keys.Cart(buyerId)], [Milliseconds(_options.IdleExpiry)]).WaitAsync(cancellationToken);
        var flat = (RedisValue[]?)result ?? [];
        var lines = new Dictionary<Guid, int>(flat.Length / 2);
        for (var i = 0; i + 1 < flat.Length; i += 2)
        {
            // Only this module writes the hash; the checks keep a hand-edited entry from breaking every read of the cart.
            if (Guid.TryParse((string?)flat[i], out var productId) && flat[i + 1].TryParse(out int quantity) && quantity > 0)
            {
                lines[productId] = quantity;
            }
        }
        return lines;
    }

    /// <summary>Sets the line of <paramref name="productId"/> to <paramref name="quantity"/> (1 or more) units.</summary>
    public async Task<SetQuantityResult> SetQuantityAsync(string buyerId, Guid productId, int quantity, CancellationToken cancellationToken)
    {
        var previous = (long)await Database.ScriptEvaluateAsync(
            CartScripts.SetQuantity,
            [keys.Cart(buyerId)],
            [Field(productId), quantity, _options.MaxLines, Milliseconds(_options.IdleExpiry)]).WaitAsync(cancellationToken);
        return previous < 0 ? new SetQuantityResult(true, 0) : new SetQuantityResult(false, (int)previous);
    }

    /// <summary>Removes lines; returns how many were in the cart.</summary>
    public async Task<int> RemoveAsync(string buyerId, IReadOnlyCollection<Guid> productIds, CancellationToken cancellationToken)
    {
        if (productIds.Count == 0)
        {
            return 0;
        }
        RedisValue[] arguments = [Milliseconds(_options.IdleExpiry), .. productIds.Select(Field)];
        return (int)await Database.ScriptEvaluateAsync(CartScripts.Remove, [keys.Cart(buyerId)], arguments).WaitAsync(cancellationToken);
    }

    /// <summary>Deletes the whole cart; returns whether there was one.</summary>
    public Task<bool> ClearAsync(string buyerId, CancellationToken cancellationToken) =>
        Database.KeyDeleteAsync(keys.Cart(buyerId)).WaitAsync(cancellationToken);

    /// <summary>The order an earlier checkout with the same idempotency key sent, if it is still kept.</summary>
    public async Task<SubmitOrder?> FindCheckoutAsync(string buyerId, Guid orderId, CancellationToken cancellationToken)
    {
        var stored = await Database.StringGetAsync(keys.Checkout(buyerId, orderId)).WaitAsync(cancellationToken);
        return Deserialize(stored);
    }

    /// <summary>
    /// Keeps <paramref name="order"/> under its id unless a concurrent checkout with the same key kept one first;
    /// returns the order that is kept, which is the one to send.
    /// </summary>
    public async Task<SubmitOrder> SaveCheckoutAsync(SubmitOrder order, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(order, CartJsonContext.Default.SubmitOrder);
        var stored = await Database.ScriptEvaluateAsync(
            CartScripts.SaveCheckout,
            [keys.Checkout(order.BuyerId, order.OrderId)],
            [json, Milliseconds(_options.CheckoutRetention)]).WaitAsync(cancellationToken);
        return Deserialize((RedisValue)stored) ?? order;
    }

    /// <summary>Takes a confirmed order's units out of the buyer's cart, at most once per order.</summary>
    public async Task<ConfirmationOutcome> ApplyConfirmedOrderAsync(
        string buyerId, Guid orderId, IReadOnlyList<OrderLine> lines, CancellationToken cancellationToken)
    {
        var arguments = new List<RedisValue>(1 + (2 * lines.Count)) { Milliseconds(_options.ConfirmedOrderRetention) };
        foreach (var line in lines)
        {
            arguments.Add(Field(line.ProductId));
            arguments.Add(line.Quantity);
        }
        var result = (long[]?)await Database.ScriptEvaluateAsync(
            CartScripts.ApplyConfirmedOrder,
            [keys.Cart(buyerId), keys.ConfirmedOrder(buyerId, orderId)],
            [.. arguments]).WaitAsync(cancellationToken) ?? [0, 0];
        var (changed, left) = (result[0], result[1]);
        return changed switch
        {
            < 0 => ConfirmationOutcome.Duplicate,
            0 => ConfirmationOutcome.Unchanged,
            _ when left == 0 => ConfirmationOutcome.Emptied,
            _ => ConfirmationOutcome.Reduced,
        };
    }

    private static RedisValue Field(Guid productId) => productId.ToString("D");

    private static long Milliseconds(TimeSpan duration) => (long)duration.TotalMilliseconds;

    private static SubmitOrder? Deserialize(RedisValue stored)
    {
        if (stored.IsNullOrEmpty)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize((byte[])stored!, CartJsonContext.Default.SubmitOrder);
        }
        catch (JsonException)
        {
            // A record this version cannot read (a changed format): the caller prices the cart again. The order id is
            // the same, so the order module still answers with the order it already has.
            return null;
        }
    }
}

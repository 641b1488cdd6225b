using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Shop.Cart.Storage;

/// <summary>
/// The module's Redis key layout. Every key of one buyer starts with <c>{prefix}{&lt;buyerId&gt;}</c>: the braces are a
/// Redis Cluster hash tag, so a buyer's cart and its bookkeeping keys live in one slot and a script may touch them
/// together. The tag ends at the first <c>}</c>, which lies inside that common start whatever the buyer id contains.
/// </summary>
internal sealed class CartKeys(IOptions<CartOptions> options)
{
    private readonly string _prefix = options.Value.KeyPrefix;

    /// <summary>The cart: a hash of product id (<c>D</c> format) to quantity.</summary>
    public RedisKey Cart(string buyerId) => $"{_prefix}{{{buyerId}}}";

    /// <summary>The order a checkout sent, kept under the order id derived from the idempotency key.</summary>
    public RedisKey Checkout(string buyerId, Guid orderId) => $"{_prefix}{{{buyerId}}}:checkout:{orderId:D}";

    /// <summary>Marks an order whose confirmation has already been taken out of the buyer's cart.</summary>
    public RedisKey ConfirmedOrder(string buyerId, Guid orderId) => $"{_prefix}{{{buyerId}}}:confirmed:{orderId:D}";
}

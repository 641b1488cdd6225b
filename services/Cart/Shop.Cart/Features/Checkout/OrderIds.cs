using Shop.Persistence;

namespace Shop.Cart.Features.Checkout;

/// <summary>
/// The order id of a checkout, derived from the buyer and the client's <c>Idempotency-Key</c> as a
/// <see cref="NameBasedGuid"/>. Every replica computes the same id for the same buyer and key without asking anyone,
/// which is what lets a client retry a checkout anywhere, and the order module's unique id makes the retry find the
/// first order.
/// </summary>
internal static class OrderIds
{
    /// <summary>The namespace of checkout order ids. Changing it would give retried checkouts new ids: never change it.</summary>
    public static readonly Guid Namespace = new("6f1c2b0e-3d4a-4e59-9b7c-8a2d5f0e1c37");

    // The key cannot contain a line feed (see IdempotencyKeys) while the buyer id might, so splitting the name at its
    // last line feed is unambiguous: two different (buyer, key) pairs never make the same name.
    public static Guid For(string buyerId, string idempotencyKey) =>
        NameBasedGuid.Create(Namespace, $"{buyerId}\n{idempotencyKey}");
}

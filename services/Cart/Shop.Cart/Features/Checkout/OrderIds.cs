using System.Security.Cryptography;
using System.Text;

namespace Shop.Cart.Features.Checkout;

/// <summary>
/// The order id of a checkout, derived from the buyer and the client's <c>Idempotency-Key</c>: a name-based UUID
/// (RFC 9562 version 8 with SHA-256, the RFC's own example of a v8 layout; version 5 is the same idea with SHA-1).
/// Every replica computes the same id for the same buyer and key without asking anyone, which is what lets a client
/// retry a checkout anywhere, and the order module's unique id makes the retry find the first order.
/// </summary>
internal static class OrderIds
{
    /// <summary>The namespace of checkout order ids. Changing it would give retried checkouts new ids: never change it.</summary>
    public static readonly Guid Namespace = new("6f1c2b0e-3d4a-4e59-9b7c-8a2d5f0e1c37");

    public static Guid For(string buyerId, string idempotencyKey)
    {
        // The key cannot contain a line feed (see IdempotencyKeys) while the buyer id might, so splitting the name at
        // its last line feed is unambiguous: two different (buyer, key) pairs never make the same name.
        var name = Encoding.UTF8.GetBytes($"{buyerId}\n{idempotencyKey}");
        var input = new byte[16 + name.Length];
        Namespace.TryWriteBytes(input, bigEndian: true, out _);
        name.CopyTo(input, 16);

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(input, hash);
        var uuid = hash[..16];
        uuid[6] = (byte)((uuid[6] & 0x0F) | 0x80);
        uuid[8] = (byte)((uuid[8] & 0x3F) | 0x80);
        return new Guid(uuid, bigEndian: true);
    }
}

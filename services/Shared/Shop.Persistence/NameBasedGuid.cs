using System.Security.Cryptography;
using System.Text;

namespace Shop.Persistence;

/// <summary>
/// Name-based UUIDs (RFC 9562 version 8 with SHA-256, the RFC's own example of a v8 layout; version 5 is the same idea
/// with SHA-1): the same namespace and name always give the same id, on every machine and replica, without asking
/// anyone. That is what lets a seed write the same rows everywhere and a retried checkout name the same order.
/// </summary>
public static class NameBasedGuid
{
    /// <summary>The id of <paramref name="name"/> (hashed as UTF-8) in <paramref name="namespaceId"/>.</summary>
    public static Guid Create(Guid namespaceId, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[16 + nameBytes.Length];
        namespaceId.TryWriteBytes(input, bigEndian: true, out _);
        nameBytes.CopyTo(input, 16);

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(input, hash);
        var uuid = hash[..16];
        uuid[6] = (byte)((uuid[6] & 0x0F) | 0x80);
        uuid[8] = (byte)((uuid[8] & 0x3F) | 0x80);
        return new Guid(uuid, bigEndian: true);
    }
}

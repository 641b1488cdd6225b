using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Shop.Order.Features.Payment;

internal enum PaymentOutcome
{
    Approved,
    Declined,
}

/// <summary>
/// Stands in for a payment provider: it takes <see cref="PaymentOptions.Latency"/> to answer and declines a share
/// <see cref="PaymentOptions.FailureRate"/> of orders. Which orders are declined depends only on the order id, the way a
/// real provider answers a repeated charge with the same idempotency key: a redelivered <see cref="ProcessPayment"/>
/// can never turn a declined order into a confirmed one or the reverse.
/// </summary>
internal sealed class SimulatedPaymentProvider(IOptions<PaymentOptions> options, TimeProvider time)
{
    public async Task<PaymentOutcome> AuthorizeAsync(Guid orderId, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.Latency > TimeSpan.Zero)
        {
            await Task.Delay(settings.Latency, time, cancellationToken);
        }
        return Declines(orderId, settings.FailureRate) ? PaymentOutcome.Declined : PaymentOutcome.Approved;
    }

    /// <summary>Declined when the order's roll falls below the failure rate: never at 0, always at 1.</summary>
    internal static bool Declines(Guid orderId, double failureRate) => Roll(orderId) < failureRate;

    /// <summary>
    /// A number in [0, 1) fixed by the order id and spread evenly over ids of any shape (random, time-ordered or
    /// name-based), because it comes from a hash of the id rather than from its bytes.
    /// </summary>
    internal static double Roll(Guid orderId)
    {
        Span<byte> id = stackalloc byte[16];
        orderId.TryWriteBytes(id);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(id, hash);
        // The top 53 bits fill a double's mantissa exactly, so every value is equally likely and 1.0 is unreachable.
        return (BinaryPrimitives.ReadUInt64BigEndian(hash) >> 11) * (1.0 / (1UL << 53));
    }
}

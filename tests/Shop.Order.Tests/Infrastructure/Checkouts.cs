using Shop.Order.Contracts;
using Shop.Order.Contracts.Messages;

namespace Shop.Order.Tests.Infrastructure;

/// <summary>SubmitOrder requests as the cart builds them, for products and buyers no other test uses.</summary>
internal static class Checkouts
{
    public static string NewBuyer() => $"buyer-{Guid.NewGuid():N}";

    /// <summary>Two lines: 2 × 12.50 and 1 × 3.99 (total 28.99).</summary>
    public static SubmitOrder For(string buyerId, string? idempotencyKey = null) =>
        new(Guid.NewGuid(), buyerId, idempotencyKey ?? Guid.NewGuid().ToString(),
        [
            new OrderLine(Guid.NewGuid(), "Test kettle", 12.50m, 2),
            new OrderLine(Guid.NewGuid(), "Test mug", 3.99m, 1),
        ]);

    public const decimal Total = 28.99m;
}

using System.Collections.Concurrent;

namespace Shop.LoadTest.Metrics;

/// <summary>What became of the checkouts, counted by the checkout journeys.</summary>
public sealed class OrderOutcomes
{
    private readonly ConcurrentDictionary<Guid, byte> _orderIds = new();
    private readonly ConcurrentDictionary<string, long> _cancelledByReason = new(StringComparer.Ordinal);
    private long _accepted;
    private long _confirmed;
    private long _cancelled;
    private long _stockOuts;
    private long _pending;

    public long Accepted => Interlocked.Read(ref _accepted);

    public long Confirmed => Interlocked.Read(ref _confirmed);

    public long Cancelled => Interlocked.Read(ref _cancelled);

    public long StockOuts => Interlocked.Read(ref _stockOuts);

    public long Pending => Interlocked.Read(ref _pending);

    public long DistinctOrderIds => _orderIds.Count;

    public IReadOnlyDictionary<string, long> CancelledByReason => new SortedDictionary<string, long>(_cancelledByReason, StringComparer.Ordinal);

    public void CheckoutAccepted(Guid orderId)
    {
        Interlocked.Increment(ref _accepted);
        _orderIds.TryAdd(orderId, 0);
    }

    /// <summary>A checkout answered 409: the order was refused outright, which under load means a stock-out.</summary>
    public void CheckoutRefused() => Interlocked.Increment(ref _stockOuts);

    public void OrderConfirmed() => Interlocked.Increment(ref _confirmed);

    public void OrderCancelled(string? reason)
    {
        Interlocked.Increment(ref _cancelled);
        var key = string.IsNullOrEmpty(reason) ? "unknown" : reason;
        _cancelledByReason.AddOrUpdate(key, 1, (_, n) => n + 1);
        if (key == OutOfStockReason)
        {
            Interlocked.Increment(ref _stockOuts);
        }
    }

    /// <summary>The order was still pending when the journey stopped polling.</summary>
    public void OrderStillPending() => Interlocked.Increment(ref _pending);

    /// <summary>The reason the order service gives an order cancelled for lack of stock.</summary>
    public const string OutOfStockReason = "out-of-stock";
}

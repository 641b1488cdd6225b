using System.Collections.Concurrent;
using System.Globalization;

namespace Shop.LoadTest.Journeys;

/// <summary>A virtual buyer: an id, its cached token, and (while leased) a cart no other journey touches.</summary>
public sealed class Buyer(string id)
{
    public string Id { get; } = id;

    /// <summary>"Bearer …", or null before the first sign-in.</summary>
    public string? Authorization { get; private set; }

    private long _refreshAfter;

    public bool NeedsToken(long now) => Authorization is null || now >= _refreshAfter;

    /// <summary>Keeps a token; it is renewed after 80 % of its lifetime, well before it expires.</summary>
    public void SignedIn(string accessToken, TimeSpan lifetime, long now, long timestampFrequency)
    {
        Authorization = "Bearer " + accessToken;
        _refreshAfter = now + (long)(lifetime.TotalSeconds * 0.8 * timestampFrequency);
    }
}

/// <summary>
/// The pool of virtual buyers. A journey that needs a cart leases a buyer for its whole length, so two journeys never
/// work on the same cart at once (one emptying the cart another is about to check out); buyers go round in turn, so
/// their tokens and carts spread over the whole pool. When every buyer is busy, the pool grows rather than make a
/// journey wait.
/// </summary>
public sealed class BuyerPool
{
    private readonly ConcurrentQueue<Buyer> _free = new();
    private readonly string _prefix;
    private int _created;

    /// <param name="size">Buyers to start with.</param>
    /// <param name="prefix">Start of every buyer id; unique per run, so carts left by an earlier run never interfere.</param>
    public BuyerPool(int size, string prefix)
    {
        _prefix = prefix;
        for (var i = 0; i < size; i++)
        {
            _free.Enqueue(Create());
        }
    }

    /// <summary>Buyers created so far.</summary>
    public int Count => Volatile.Read(ref _created);

    public Buyer Lease() => _free.TryDequeue(out var buyer) ? buyer : Create();

    public void Return(Buyer buyer) => _free.Enqueue(buyer);

    private Buyer Create()
    {
        var number = Interlocked.Increment(ref _created);
        return new Buyer(_prefix + "-" + number.ToString("D5", CultureInfo.InvariantCulture));
    }
}

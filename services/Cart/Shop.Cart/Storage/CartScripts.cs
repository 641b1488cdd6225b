namespace Shop.Cart.Storage;

/// <summary>
/// Lua scripts: Redis runs each one atomically, so a check and the write that depends on it (the line limit, the
/// processed-order marker) cannot interleave with another replica's command. StackExchange.Redis loads each script
/// into a server once (SCRIPT LOAD) and from then on sends only its SHA1 (EVALSHA).
/// </summary>
internal static class CartScripts
{
    /// <summary>
    /// Reads the whole cart and, when it exists, restarts its idle expiry (reading is activity too).
    /// KEYS[1] cart; ARGV[1] idle expiry in ms. Returns HGETALL's flat field/value list.
    /// </summary>
    public const string Read = """
        local items = redis.call('HGETALL', KEYS[1])
        if #items > 0 then
          redis.call('PEXPIRE', KEYS[1], ARGV[1])
        end
        return items
        """;

    /// <summary>
    /// Sets one line unless that would make a new line beyond the limit, and restarts the idle expiry.
    /// KEYS[1] cart; ARGV[1] product id; ARGV[2] quantity; ARGV[3] most lines; ARGV[4] idle expiry in ms.
    /// Returns the previous quantity (0 for a new line), or -1 when the cart is full and nothing changed.
    /// </summary>
    public const string SetQuantity = """
        local previous = redis.call('HGET', KEYS[1], ARGV[1])
        if not previous and redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[3]) then
          return -1
        end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        redis.call('PEXPIRE', KEYS[1], ARGV[4])
        if previous then
          return tonumber(previous)
        end
        return 0
        """;

    /// <summary>
    /// Removes lines and restarts the idle expiry of what is left (Redis deletes a hash whose last field goes).
    /// KEYS[1] cart; ARGV[1] idle expiry in ms; ARGV[2..] product ids. Returns the number of lines removed.
    /// </summary>
    public const string Remove = """
        local removed = redis.call('HDEL', KEYS[1], unpack(ARGV, 2))
        if redis.call('EXISTS', KEYS[1]) == 1 then
          redis.call('PEXPIRE', KEYS[1], ARGV[1])
        end
        return removed
        """;

    /// <summary>
    /// Stores a checkout's order unless one is already stored under that key, and returns the stored one either way,
    /// so concurrent requests with one idempotency key all send the same order.
    /// KEYS[1] checkout; ARGV[1] serialized order; ARGV[2] retention in ms. Returns the stored order.
    /// </summary>
    public const string SaveCheckout = """
        local existing = redis.call('GET', KEYS[1])
        if existing then
          return existing
        end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        return ARGV[1]
        """;

    /// <summary>
    /// Takes a confirmed order's units out of the cart, once per order: the marker key and the change are written
    /// together, so a redelivered confirmation finds the marker and changes nothing. A line the buyer raised after
    /// checkout keeps the difference. The idle expiry is left alone: this is not the buyer's activity.
    /// KEYS[1] cart; KEYS[2] marker; ARGV[1] marker retention in ms; ARGV[2..] product id and quantity pairs.
    /// Returns {-1, lines left} for a duplicate, else {lines changed, lines left}.
    /// </summary>
    public const string ApplyConfirmedOrder = """
        if redis.call('EXISTS', KEYS[2]) == 1 then
          return {-1, redis.call('HLEN', KEYS[1])}
        end
        local changed = 0
        for i = 2, #ARGV, 2 do
          local current = tonumber(redis.call('HGET', KEYS[1], ARGV[i]) or '0')
          if current > 0 then
            local left = current - tonumber(ARGV[i + 1])
            if left > 0 then
              redis.call('HSET', KEYS[1], ARGV[i], left)
            else
              redis.call('HDEL', KEYS[1], ARGV[i])
            end
            changed = changed + 1
          end
        end
        redis.call('SET', KEYS[2], '1', 'PX', ARGV[1])
        return {changed, redis.call('HLEN', KEYS[1])}
        """;
}

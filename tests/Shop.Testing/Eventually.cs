using System.Diagnostics;

namespace Shop.Testing;

/// <summary>
/// Polls a condition until it holds or a deadline passes, so asynchronous outcomes (a consumed message, a finished
/// order, a drained queue) are never awaited with fixed sleeps.
/// </summary>
public static class Eventually
{
    /// <summary>How long <see cref="HoldsAsync(Func{Task{bool}}, string, TimeSpan?)"/> waits unless told otherwise.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Waits until <paramref name="condition"/> returns <see langword="true"/>; fails the test after
    /// <paramref name="timeout"/> (default <see cref="DefaultTimeout"/>). The condition is evaluated once more after the
    /// deadline has passed, so a slow last evaluation is never lost.
    /// </summary>
    /// <param name="condition">Evaluated every 50 ms; an exception it throws ends the wait and fails the test.</param>
    /// <param name="what">The awaited outcome, read as "waiting until <paramref name="what"/>" in the failure.</param>
    /// <param name="timeout">How long to wait.</param>
    public static async Task HoldsAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var elapsed = Stopwatch.StartNew();
        while (!await condition())
        {
            if (elapsed.Elapsed > limit)
            {
                Assert.Fail($"Timed out after {limit.TotalSeconds:0.#} s waiting until {what}.");
            }
            await Task.Delay(s_pollInterval);
        }
    }

    /// <inheritdoc cref="HoldsAsync(Func{Task{bool}}, string, TimeSpan?)"/>
    public static Task HoldsAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        HoldsAsync(() => Task.FromResult(condition()), what, timeout);
}

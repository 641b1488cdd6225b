using System.Net;

namespace Shop.LoadTest.Tests.Fakes;

/// <summary>
/// An HTTP "server" inside the client's handler chain, answering on a <see cref="ManualClock"/>: each request gets
/// the answer time <c>answerAt(now)</c> returns (now for an instant answer, later for a slow or stalled server,
/// null for never), so latencies in tests are exact.
/// </summary>
public sealed class FakeServer(ManualClock clock, Func<long, long?> answerAt, HttpStatusCode status = HttpStatusCode.OK) : HttpMessageHandler
{
    private int _requests;

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Answers every request at once.</summary>
    public static FakeServer Instant(ManualClock clock) => new(clock, now => now);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        var now = clock.GetTimestamp();
        var at = answerAt(now);
        if (at is null || at.Value > now)
        {
            await AnswerTimeAsync(at is null ? Timeout.InfiniteTimeSpan : TimeSpan.FromTicks(at.Value - now), cancellationToken);
        }
        return new HttpResponseMessage(status) { Content = new StringContent("{}"), RequestMessage = request };
    }

    /// <summary>
    /// Completes when the clock reaches the answer time, or fails when the request is cancelled (its timeout).
    /// Continuations run inline on the thread moving the clock, unlike Task.Delay's cancellation, so a run on the
    /// manual clock stays deterministic.
    /// </summary>
    private Task AnswerTimeAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        var answered = new TaskCompletionSource();
        var timer = clock.CreateTimer(_ => answered.TrySetResult(), null, delay, Timeout.InfiniteTimeSpan);
        var registration = cancellationToken.Register(() => answered.TrySetCanceled(cancellationToken));
        return answered.Task.ContinueWith(
            task =>
            {
                timer.Dispose();
                registration.Dispose();
                return task;
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default).Unwrap();
    }
}

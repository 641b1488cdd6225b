using Shop.LoadTest.Scheduling;
using Shop.LoadTest.Tests.Fakes;

namespace Shop.LoadTest.Tests.Scheduling;

public sealed class RequestTimeoutsTests
{
    [Fact]
    public void Next_SameSlot_SharesOneToken()
    {
        var clock = new ManualClock();
        using var timeouts = new RequestTimeouts(TimeSpan.FromSeconds(10), clock);

        var first = timeouts.Next();
        clock.Advance(TimeSpan.FromMilliseconds(50));

        Assert.Equal(first, timeouts.Next());
    }

    [Fact]
    public void Next_TokenOfASlot_CancelsWithinTheTimeoutMinusOneSlot()
    {
        var clock = new ManualClock();
        using var timeouts = new RequestTimeouts(TimeSpan.FromSeconds(10), clock);
        clock.Advance(TimeSpan.FromMilliseconds(150));
        var token = timeouts.Next();

        clock.Advance(TimeSpan.FromMilliseconds(9_899));
        Assert.False(token.IsCancellationRequested, "cancelled before timeout − slot");
        clock.Advance(TimeSpan.FromMilliseconds(101));
        Assert.True(token.IsCancellationRequested, "not cancelled after the timeout");
    }

    [Fact]
    public void Next_LaterSlot_GetsAFreshToken()
    {
        var clock = new ManualClock();
        using var timeouts = new RequestTimeouts(TimeSpan.FromSeconds(1), clock);
        var early = timeouts.Next();

        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.True(early.IsCancellationRequested);
        Assert.False(timeouts.Next().IsCancellationRequested);
    }
}

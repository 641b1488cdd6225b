using System.Net;
using System.Net.Sockets;

namespace Shop.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The ports the e2e deployments start their hosts on: never one the OS can hand to somebody else in the meantime, and
/// never one that is taken.
/// </summary>
public sealed class FreePortTests
{
    [Fact]
    public void Next_OnThisMachine_IsOutsideTheEphemeralRange()
    {
        var (first, last) = FreePort.ReadEphemeralRange();
        Assert.NotNull(FreePort.Candidates);

        for (var i = 0; i < 100; i++)
        {
            var port = FreePort.Next();
            Assert.False(port >= first && port <= last, $"{port} is in the ephemeral range {first}-{last}");
            Assert.InRange(port, FreePort.LowestCandidate, IPEndPoint.MaxPort);
        }
    }

    [Fact]
    public void Next_PortsInUse_AreSkipped()
    {
        var taken = new List<TcpListener>();
        try
        {
            for (var i = 0; i < 50; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, FreePort.Next());
                listener.Start();
                taken.Add(listener);
            }
            var takenPorts = taken.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToHashSet();
            Assert.Equal(50, takenPorts.Count);

            // However far the range has been walked, a port someone listens on is never handed out.
            var handedOut = Enumerable.Range(0, FreePort.Candidates!.Size)
                .Select(_ => FreePort.Next())
                .ToList();
            Assert.DoesNotContain(handedOut, takenPorts.Contains);
        }
        finally
        {
            taken.ForEach(l => l.Stop());
        }
    }

    [Theory]
    [InlineData(32768, 60999, 61000, 65535)] // Linux's default: more room above than below.
    [InlineData(49152, 65535, 30000, 49151)] // IANA's: nothing above.
    [InlineData(10000, 50000, 50001, 65535)] // Nothing below 30000 is a candidate.
    public void OutsideEphemeral_PicksTheLargerBlock(int ephemeralFirst, int ephemeralLast, int first, int last)
    {
        Assert.Equal(new FreePort.PortRange(first, last), FreePort.PortRange.OutsideEphemeral((ephemeralFirst, ephemeralLast)));
    }

    [Fact]
    public void OutsideEphemeral_WholeRangeEphemeral_LeavesTheChoiceToTheSystem()
    {
        Assert.Null(FreePort.PortRange.OutsideEphemeral((1024, 65535)));
        Assert.Null(FreePort.PortRange.OutsideEphemeral((30500, 64800)));
    }

    [Fact]
    public void At_AnyCursor_StaysInTheRange()
    {
        var range = new FreePort.PortRange(61000, 65535);

        Assert.Equal(61000, range.At(0));
        Assert.Equal(65535, range.At(4535));
        Assert.Equal(61000, range.At(4536));
        Assert.InRange(range.At(int.MaxValue), 61000, 65535);
        Assert.InRange(range.At(int.MinValue), 61000, 65535);
        Assert.InRange(range.At(-1), 61000, 65535);
    }
}

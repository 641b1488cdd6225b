using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Shop.Testing;

/// <summary>
/// Loopback ports for test servers, taken from outside the operating system's ephemeral range. A port the OS hands out
/// for port 0 is one it hands out again, to the next test that binds port 0 or to any outgoing connection, while the
/// server meant for it is still starting: a gateway failed in CI that way ("address already in use"). Outside that range
/// only a server told to use a port takes it, and each test process walks the range from its own random start.
/// </summary>
public static class FreePort
{
    /// <summary>Below this the machine's own servers live (the Shop's fixed ports, PostgreSQL, Redis, RabbitMQ).</summary>
    public const int LowestCandidate = 30000;

    private const int MinimumRangeSize = 1000;
    private static readonly PortRange? s_range = PortRange.OutsideEphemeral(ReadEphemeralRange());
    private static int s_cursor = Random.Shared.Next();

    /// <summary>
    /// A loopback port nothing listens on: a port to start a server on, or the address of a server that is down.
    /// </summary>
    public static int Next()
    {
        if (s_range is not { } range)
        {
            return PortTheSystemPicks();
        }
        for (var attempt = 0; attempt < range.Size; attempt++)
        {
            var port = range.At(Interlocked.Increment(ref s_cursor));
            if (IsFree(port))
            {
                return port;
            }
        }
        return PortTheSystemPicks();
    }

    /// <summary>The ports <see cref="Next"/> picks from on this machine, or none when it leaves the choice to the OS.</summary>
    public static PortRange? Candidates => s_range;

    /// <summary>The ephemeral range of this machine (Linux), or the IANA one elsewhere.</summary>
    public static (int First, int Last) ReadEphemeralRange()
    {
        const string setting = "/proc/sys/net/ipv4/ip_local_port_range";
        if (File.Exists(setting))
        {
            var bounds = File.ReadAllText(setting).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (bounds.Length == 2
                && int.TryParse(bounds[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first)
                && int.TryParse(bounds[1], NumberStyles.None, CultureInfo.InvariantCulture, out var last))
            {
                return (first, last);
            }
        }
        return (49152, 65535);
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int PortTheSystemPicks()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>A block of ports with no ephemeral port in it.</summary>
    public sealed record PortRange(int First, int Last)
    {
        public int Size => Last - First + 1;

        public int At(int cursor) => First + (int)((uint)cursor % (uint)Size);

        /// <summary>
        /// The larger of the blocks below and above the ephemeral range (from <see cref="LowestCandidate"/> up to 65535),
        /// or none when both are too small to spread parallel test processes over.
        /// </summary>
        public static PortRange? OutsideEphemeral((int First, int Last) ephemeral)
        {
            var below = new PortRange(LowestCandidate, Math.Min(ephemeral.First - 1, IPEndPoint.MaxPort));
            var above = new PortRange(Math.Max(ephemeral.Last + 1, LowestCandidate), IPEndPoint.MaxPort);
            var larger = below.Size >= above.Size ? below : above;
            return larger.Size >= MinimumRangeSize ? larger : null;
        }
    }
}

using System.Net;
using System.Net.Sockets;

namespace Shop.Testing;

/// <summary>Loopback ports the operating system picks, so tests running in parallel never pick the same one.</summary>
public static class FreePort
{
    /// <summary>
    /// A loopback port the OS just handed out and took back, so nothing listens on it: a port to start a server on, or
    /// the address of a server that is down.
    /// </summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

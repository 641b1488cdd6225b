using System.Net;
using System.Net.Sockets;

namespace Shop.Cart.Tests.Infrastructure;

internal static class ClosedPort
{
    /// <summary>A loopback port the OS just handed out and took back, so nothing listens on it: a server that is down.</summary>
    public static int Find()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

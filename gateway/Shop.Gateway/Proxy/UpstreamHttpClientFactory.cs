using Yarp.ReverseProxy.Forwarder;

namespace Shop.Gateway.Proxy;

/// <summary>
/// The connection pool YARP uses to reach the services. YARP's defaults are already right for a proxy (no cookies,
/// no redirects, no decompression, no system proxy, unlimited connections per server); this adds the two timeouts
/// that YARP's cluster configuration cannot express.
/// </summary>
internal sealed class UpstreamHttpClientFactory(GatewayOptions options) : ForwarderHttpClientFactory
{
    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        var upstream = options.Upstream;
        // Keep-alive connections are what makes a proxied request cheap: a new TCP connection per request would cost
        // more than everything else the gateway does. Idle ones are kept long enough to survive gaps in steady traffic.
        handler.PooledConnectionIdleTimeout = upstream.PooledConnectionIdleTimeout;
        // A dead replica on another host does not refuse, it just never answers the SYN; fail fast so the request can
        // be retried elsewhere instead of waiting for the operating system's connect timeout.
        handler.ConnectTimeout = upstream.ConnectTimeout;
    }
}

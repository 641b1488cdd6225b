using System.Net;

namespace Shop.LoadTest.Journeys;

/// <summary>
/// The one HTTP stack of a run: a single <see cref="SocketsHttpHandler"/> shared by every journey, with enough
/// connections for the load, no cookies, proxies, redirects or decompression, and no distributed-tracing headers
/// (the generator should cost the target nothing beyond its requests).
/// </summary>
public static class LoadHttp
{
    public static SocketsHttpHandler CreateHandler(int connections) =>
        new()
        {
            MaxConnectionsPerServer = connections,
            // Recycled now and then, as browsers' connections are; also lets a scaled-out target rebalance.
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            UseCookies = false,
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ActivityHeadersPropagator = null,
        };

    public static HttpRequestMessage Request(HttpMethod method, Uri uri) =>
        new(method, uri) { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
}

using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace Shop.Gateway.Tests.Infrastructure;

/// <summary>The real gateway application (<see cref="GatewayApplication.Build"/>) listening on an ephemeral port.</summary>
public sealed class TestGateway : IAsyncDisposable
{
    public const string SigningKey = "c2hvcC1nYXRld2F5LXRlc3RzLXNpZ25pbmcta2V5LTMyYnl0ZXMhIQ==";
    public const string CatalogCluster = "catalog";

    private TestGateway(WebApplication app)
    {
        App = app;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()), Timeout = TimeSpan.FromSeconds(20) };
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    /// <summary>Settings passed as command-line arguments, the highest-precedence configuration source.</summary>
    public static async Task<TestGateway> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var defaults = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            // Each test starts several hosts; file watchers would exhaust the machine's inotify instances.
            ["hostBuilder:reloadConfigOnChange"] = "false",
            ["Auth:SigningKey"] = SigningKey,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Yarp"] = "Error",
            ["Logging:LogLevel:Shop.Gateway"] = "Warning",
            // Probes only at startup unless a test asks for more, so health state changes only when the test causes it.
            ["Gateway:Upstream:HealthCheckInterval"] = "00:10:00",
        };
        foreach (var (key, value) in settings)
        {
            defaults[key] = value;
        }

        var app = GatewayApplication.Build([.. defaults.Select(setting => $"--{setting.Key}={setting.Value}")]);
        await app.StartAsync();
        return new TestGateway(app);
    }

    /// <summary>Settings that point the catalog cluster at the given replicas, named catalog-1, catalog-2, ...</summary>
    public static Dictionary<string, string?> CatalogDestinations(params string[] addresses) =>
        addresses
            .Select((address, index) => (Key: $"ReverseProxy:Clusters:{CatalogCluster}:Destinations:catalog-{index + 1}:Address", Value: address))
            .ToDictionary(setting => setting.Key, string? (setting) => setting.Value);

    public DestinationState Destination(string destinationId)
    {
        var lookup = App.Services.GetRequiredService<IProxyStateLookup>();
        return lookup.TryGetCluster(CatalogCluster, out var cluster)
            ? cluster.Destinations[destinationId]
            : throw new InvalidOperationException($"Cluster {CatalogCluster} is not loaded.");
    }

    /// <summary>Waits up to ten seconds for the active health check to give a catalog destination the expected state.</summary>
    public async Task WaitForActiveHealthAsync(string destinationId, DestinationHealth expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (Destination(destinationId).Health.Active != expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
    }

    /// <summary>An address nobody listens on: connections to it are refused.</summary>
    public static string UnusedAddress() => $"http://127.0.0.1:{Shop.Testing.FreePort.Next()}/";

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

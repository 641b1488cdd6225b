using System.Net.Http.Json;
using System.Security.Cryptography;

namespace Shop.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A whole Shop on this machine for one test class: catalog replicas and the gateway as real processes, on a
/// database and a Redis database index of their own, configured the way ./shop up configures them.
/// </summary>
public abstract class ShopDeployment : IAsyncLifetime
{
    public const string CatalogProject = "services/Catalog/Shop.Catalog.Host";
    public const string GatewayProject = "gateway/Shop.Gateway";
    private static int s_nextRedisDatabase = 8;

    private readonly string _database = "shop_e2e_" + Guid.NewGuid().ToString("N")[..12];
    private readonly int _redisDatabase = Interlocked.Increment(ref s_nextRedisDatabase);
    private readonly string _signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));

    protected ShopDeployment(int catalogReplicas) => CatalogReplicaCount = catalogReplicas;

    public int CatalogReplicaCount { get; }

    public string AdminKey { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    public IReadOnlyList<HostProcess> CatalogReplicas { get; private set; } = [];

    public HostProcess Gateway { get; private set; } = null!;

    /// <summary>Settings a test class may tighten (rate limits, body size) on its own gateway.</summary>
    protected virtual IDictionary<string, string> GatewaySettings() => new Dictionary<string, string>();

    public HttpClient CreateGatewayClient() => new() { BaseAddress = Gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public async Task<string> TokenAsync(string buyerId, string? adminKey = null)
    {
        using var client = CreateGatewayClient();
        using var response = await client.PostAsJsonAsync("api/auth/token", new { buyerId, adminKey });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenResponse>();
        return token!.AccessToken;
    }

    public async Task InitializeAsync()
    {
        var catalogEnvironment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Catalog"] = TestServers.Database(_database),
            ["ConnectionStrings__Redis"] = $"{TestServers.Redis},defaultDatabase={_redisDatabase}",
            ["Auth__SigningKey"] = _signingKey,
            ["Shop__ServiceName"] = "catalog",
        };
        await HostProcess.RunCommandAsync(CatalogProject, catalogEnvironment, "migrate");

        var replicas = new List<HostProcess>();
        for (var i = 1; i <= CatalogReplicaCount; i++)
        {
            replicas.Add(HostProcess.Start($"catalog-{i}", CatalogProject, FreePort.Next(), catalogEnvironment));
        }
        CatalogReplicas = replicas;

        var gatewayEnvironment = new Dictionary<string, string>
        {
            ["Auth__SigningKey"] = _signingKey,
            ["Auth__AdminKey"] = AdminKey,
            ["Shop__ServiceName"] = "gateway",
        };
        foreach (var replica in replicas)
        {
            gatewayEnvironment[$"ReverseProxy__Clusters__catalog__Destinations__{replica.Name}__Address"] = replica.BaseAddress.ToString();
        }
        foreach (var (key, value) in GatewaySettings())
        {
            gatewayEnvironment[key] = value;
        }
        Gateway = HostProcess.Start("gateway", GatewayProject, FreePort.Next(), gatewayEnvironment);

        await Task.WhenAll(replicas.Select(r => r.WaitUntilReadyAsync(TimeSpan.FromSeconds(60))));
        await Gateway.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
    }

    public async Task DisposeAsync()
    {
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }
        foreach (var replica in CatalogReplicas)
        {
            await replica.DisposeAsync();
        }
        await TestServers.DropDatabaseAsync(_database);
    }

    private sealed record TokenResponse(string AccessToken);
}

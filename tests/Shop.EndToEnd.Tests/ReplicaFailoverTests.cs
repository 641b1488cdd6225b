using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shop.EndToEnd.Tests.Infrastructure;
using Shop.Topology.Local;

namespace Shop.EndToEnd.Tests;

public sealed class TwoCatalogReplicasDeployment() : ShopDeployment(new DeploymentShape(CatalogReplicas: 2));

/// <summary>The same deployment as monolith processes.</summary>
public sealed class MonolithTwoCatalogReplicasDeployment() : ShopDeployment(new DeploymentShape(CatalogReplicas: 2).AsMonolith());

/// <summary>Two catalog replicas behind the real gateway: both serve, and losing one loses no request.</summary>
public abstract class ReplicaFailoverTests(ShopDeployment deployment)
{
    private const string ProductRoute = "/api/catalog/products/{id}";

    [Fact]
    public async Task TwoReplicas_ServeTrafficAndSurviveSigkillOfOne()
    {
        using var client = deployment.CreateGatewayClient();
        var ids = await ProductIdsAsync(client);

        var before = await Task.WhenAll(deployment.CatalogReplicas.Select(r => ServedRequestsAsync(r, ProductRoute)));
        await AssertAllSucceedAsync(client, ids, requests: 200, concurrency: 8);
        // The Prometheus exporter caches its answer for a moment, so a read right after the requests may not show them yet.
        var after = before;
        await Eventually.HoldsAsync(async () =>
        {
            after = await Task.WhenAll(deployment.CatalogReplicas.Select(r => ServedRequestsAsync(r, ProductRoute)));
            return after.Zip(before).All(pair => pair.First > pair.Second);
        }, "both replicas served some of the 200 requests", TimeSpan.FromSeconds(10));

        var victim = deployment.CatalogReplicas[0];
        await victim.KillAsync();
        Assert.True(victim.HasExited);

        await AssertAllSucceedAsync(client, ids, requests: 300, concurrency: 8);
        var survivor = deployment.CatalogReplicas[1];
        Assert.False(survivor.HasExited);
        var servedBefore = after[1];
        await Eventually.HoldsAsync(async () => await ServedRequestsAsync(survivor, ProductRoute) > servedBefore,
            "the survivor served the requests", TimeSpan.FromSeconds(10));
    }

    private static async Task AssertAllSucceedAsync(HttpClient client, IReadOnlyList<Guid> ids, int requests, int concurrency)
    {
        var next = -1;
        var failures = new List<string>();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) < requests)
            {
                using var response = await client.GetAsync($"api/catalog/products/{ids[n % ids.Count]}");
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    var failure = $"#{n}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                    lock (failures)
                    {
                        failures.Add(failure);
                    }
                }
            }
        });
        await Task.WhenAll(workers);
        Assert.True(failures.Count == 0, $"{failures.Count} of {requests} failed: {string.Join(" | ", failures.Take(5))}");
    }

    private static async Task<IReadOnlyList<Guid>> ProductIdsAsync(HttpClient client)
    {
        var page = await client.GetFromJsonAsync<JsonElement>("api/catalog/products?pageSize=50");
        return page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetGuid()).ToList();
    }

    /// <summary>Requests a replica answered on a route, read from its own Prometheus endpoint.</summary>
    private static async Task<double> ServedRequestsAsync(HostProcess replica, string route)
    {
        using var client = new HttpClient();
        var metrics = await client.GetStringAsync(new Uri(replica.BaseAddress, "metrics"));
        return metrics.Split('\n')
            .Where(line => line.StartsWith("http_server_request_duration_seconds_count{", StringComparison.Ordinal)
                && line.Contains($"http_route=\"{route}\"", StringComparison.Ordinal))
            .Sum(line => double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));
    }
}

public sealed class MicroservicesReplicaFailoverTests(TwoCatalogReplicasDeployment deployment) : ReplicaFailoverTests(deployment), IClassFixture<TwoCatalogReplicasDeployment>;

public sealed class MonolithReplicaFailoverTests(MonolithTwoCatalogReplicasDeployment deployment) : ReplicaFailoverTests(deployment), IClassFixture<MonolithTwoCatalogReplicasDeployment>;

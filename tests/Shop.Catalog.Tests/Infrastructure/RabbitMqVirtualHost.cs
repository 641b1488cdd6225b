using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Shop.Catalog.Tests.Infrastructure;

/// <summary>
/// A RabbitMQ virtual host of its own for one catalog host under test, so queues, exchanges and messages cannot leak
/// between test classes; created and inspected through the management API, deleted afterwards.
/// </summary>
internal sealed class RabbitMqVirtualHost : IAsyncDisposable
{
    private readonly HttpClient _management;

    private RabbitMqVirtualHost(string name, HttpClient management)
    {
        Name = name;
        _management = management;
    }

    public string Name { get; }

    /// <summary>The value for <c>ConnectionStrings:RabbitMq</c>.</summary>
    public string AmqpUri => TestServers.RabbitMqUri(Name);

    public static async Task<RabbitMqVirtualHost> CreateAsync()
    {
        var userInfo = TestServers.RabbitMq.UserInfo.Split(':', 2);
        var user = Uri.UnescapeDataString(userInfo[0]);
        var password = userInfo.Length > 1 ? Uri.UnescapeDataString(userInfo[1]) : "";
        var management = new HttpClient { BaseAddress = TestServers.RabbitMqManagement, Timeout = TimeSpan.FromSeconds(15) };
        management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

        var vhost = new RabbitMqVirtualHost($"shop-catalog-tests-{Guid.NewGuid():N}", management);
        try
        {
            (await management.PutAsync(vhost.Api("vhosts"), null)).EnsureSuccessStatusCode();
            (await management.PutAsJsonAsync(vhost.Api("permissions", user), new { configure = ".*", write = ".*", read = ".*" }))
                .EnsureSuccessStatusCode();
        }
        catch
        {
            await vhost.DisposeAsync();
            throw;
        }
        return vhost;
    }

    /// <summary>Messages waiting in <paramref name="queue"/>, or <see langword="null"/> when the queue does not exist.</summary>
    /// <remarks>The management API refreshes its statistics every few seconds, so a count is a recent past, not now.</remarks>
    public async Task<long?> MessageCountAsync(string queue)
    {
        using var response = await _management.GetAsync(Api("queues", queue));
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.TryGetProperty("messages", out var messages) ? messages.GetInt64() : 0;
    }

    public async Task<bool> QueueExistsAsync(string queue) => await MessageCountAsync(queue) is not null;

    public async ValueTask DisposeAsync()
    {
        using (await _management.DeleteAsync(Api("vhosts")))
        {
        }
        _management.Dispose();
    }

    private string Api(string collection, params string[] path) =>
        $"api/{collection}/{Uri.EscapeDataString(Name)}" + string.Concat(path.Select(segment => "/" + Uri.EscapeDataString(segment)));
}

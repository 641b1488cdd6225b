using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace Shop.Cart.Tests.Infrastructure;

/// <summary>
/// A RabbitMQ virtual host of its own for one test class (queues and exchanges cannot leak between classes), created
/// through the management API and deleted afterwards.
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

    /// <summary>The connection string for <c>ConnectionStrings:RabbitMq</c>.</summary>
    public string AmqpUri => TestServers.RabbitMqUri(Name);

    public static async Task<RabbitMqVirtualHost> CreateAsync()
    {
        var userInfo = TestServers.RabbitMq.UserInfo.Split(':', 2);
        var user = Uri.UnescapeDataString(userInfo[0]);
        var password = userInfo.Length > 1 ? Uri.UnescapeDataString(userInfo[1]) : "";
        var management = new HttpClient { BaseAddress = TestServers.RabbitMqManagement, Timeout = TimeSpan.FromSeconds(15) };
        management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

        var vhost = new RabbitMqVirtualHost($"shop-cart-{Guid.NewGuid():N}", management);
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

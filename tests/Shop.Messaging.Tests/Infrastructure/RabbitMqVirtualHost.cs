using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Shop.Messaging.Tests.Infrastructure;

/// <summary>
/// A RabbitMQ virtual host of its own for one test class (queues and exchanges cannot leak between classes), created
/// and inspected through the management API, and deleted afterwards.
/// </summary>
public sealed class RabbitMqVirtualHost : IAsyncDisposable
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

        var vhost = new RabbitMqVirtualHost($"shop-messaging-{Guid.NewGuid():N}", management);
        (await management.PutAsync(vhost.Api("vhosts"), null)).EnsureSuccessStatusCode();
        (await management.PutAsJsonAsync(vhost.Api("permissions", user), new { configure = ".*", write = ".*", read = ".*" }))
            .EnsureSuccessStatusCode();
        return vhost;
    }

    public async Task<bool> QueueExistsAsync(string queue)
    {
        using var response = await _management.GetAsync(Api("queues", queue));
        return response.StatusCode switch
        {
            HttpStatusCode.OK => true,
            HttpStatusCode.NotFound => false,
            _ => throw new HttpRequestException($"GET queue {queue}: {(int)response.StatusCode}"),
        };
    }

    public async Task<bool> ExchangeExistsAsync(string exchange)
    {
        using var response = await _management.GetAsync(Api("exchanges", exchange));
        return response.StatusCode == HttpStatusCode.OK;
    }

    /// <summary>Reads messages without consuming them (they are requeued), with their AMQP properties.</summary>
    public async Task<IReadOnlyList<PeekedMessage>> PeekAsync(string queue, int count = 50)
    {
        using var response = await _management.PostAsJsonAsync(
            Api("queues", queue, "get"), new { count, ackmode = "ack_requeue_true", encoding = "auto" });
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return [];
        }
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. document.RootElement.EnumerateArray().Select(PeekedMessage.From)];
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

public sealed record PeekedMessage(string? MessageId, IReadOnlyDictionary<string, string> Headers, string Payload)
{
    public static PeekedMessage From(JsonElement element)
    {
        var properties = element.GetProperty("properties");
        var messageId = properties.TryGetProperty("message_id", out var id) ? id.GetString() : null;
        var headers = properties.TryGetProperty("headers", out var headerElement) && headerElement.ValueKind == JsonValueKind.Object
            ? headerElement.EnumerateObject().ToDictionary(header => header.Name, header => header.Value.ToString())
            : [];
        return new PeekedMessage(messageId, headers, element.GetProperty("payload").GetString() ?? "");
    }
}

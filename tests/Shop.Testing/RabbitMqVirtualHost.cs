using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Shop.Testing;

/// <summary>
/// A RabbitMQ virtual host of one test class's (or one deployment's) own, so queues, exchanges and messages cannot
/// leak between tests: created, inspected and deleted through the broker's management API, as the user of the broker's
/// AMQP URI.
/// </summary>
public sealed class RabbitMqVirtualHost : IAsyncDisposable
{
    private readonly Uri _broker;
    private readonly HttpClient _management;

    private RabbitMqVirtualHost(string name, Uri broker, HttpClient management)
    {
        Name = name;
        _broker = broker;
        _management = management;
    }

    /// <summary>The virtual host's name: the prefix and a new GUID.</summary>
    public string Name { get; }

    /// <summary>The AMQP URI of this virtual host, with the broker's user: the value for <c>ConnectionStrings:RabbitMq</c>.</summary>
    public string AmqpUri => AmqpUriThrough(_broker.Port);

    /// <summary>Creates a virtual host on the shared test broker (<see cref="TestServers"/>).</summary>
    /// <param name="namePrefix">Says which tests made it, should one be left behind.</param>
    public static Task<RabbitMqVirtualHost> CreateAsync(string namePrefix) =>
        CreateAsync(namePrefix, TestServers.RabbitMq, TestServers.RabbitMqManagement);

    /// <summary>Creates a virtual host on another broker (one a test may stop and restart) and grants its user everything there.</summary>
    /// <param name="namePrefix">Says which tests made it, should one be left behind.</param>
    /// <param name="broker">The broker's AMQP URI, with the user and password that the management API accepts too.</param>
    /// <param name="management">The broker's management API.</param>
    public static async Task<RabbitMqVirtualHost> CreateAsync(string namePrefix, Uri broker, Uri management)
    {
        var userInfo = broker.UserInfo.Split(':', 2);
        var user = Uri.UnescapeDataString(userInfo[0]);
        var password = userInfo.Length > 1 ? Uri.UnescapeDataString(userInfo[1]) : "";
        var client = new HttpClient
        {
            // With a trailing slash, so that relative "api/..." paths keep a management URL's own path.
            BaseAddress = new Uri(management.AbsoluteUri.TrimEnd('/') + "/"),
            // Generous: a broker a test has just started, on a busy machine, can take a while to answer.
            Timeout = TimeSpan.FromSeconds(30),
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

        var virtualHost = new RabbitMqVirtualHost($"{namePrefix}-{Guid.NewGuid():N}", broker, client);
        try
        {
            using (var created = await client.PutAsync(virtualHost.Api("vhosts"), null))
            {
                created.EnsureSuccessStatusCode();
            }
            using var granted = await client.PutAsJsonAsync(
                virtualHost.Api("permissions", user), new { configure = ".*", write = ".*", read = ".*" });
            granted.EnsureSuccessStatusCode();
        }
        catch
        {
            // A virtual host created without its permissions must not outlive the failed start.
            await virtualHost.DisposeAsync();
            throw;
        }
        return virtualHost;
    }

    /// <summary>The AMQP URI of this virtual host through another local port, such as a proxy in front of the broker.</summary>
    public string AmqpUriThrough(int port) =>
        new UriBuilder(_broker) { Port = port, Path = "/" + Uri.EscapeDataString(Name) }.Uri.AbsoluteUri;

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
        return Messages(document.RootElement);
    }

    /// <summary>
    /// Messages waiting in every queue whose name ends with <paramref name="suffix"/> (all queues by default), by queue
    /// name; like <see cref="MessageCountAsync"/>, a recent past.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, long>> QueueDepthsAsync(string suffix = "")
    {
        using var response = await _management.GetAsync(Api("queues") + "?columns=name,messages");
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.EnumerateArray()
            .Select(queue => (Name: queue.GetProperty("name").GetString() ?? "", Messages: Messages(queue)))
            .Where(queue => queue.Name.EndsWith(suffix, StringComparison.Ordinal))
            .ToDictionary(queue => queue.Name, queue => queue.Messages);
    }

    /// <summary>Whether <paramref name="queue"/> exists; any answer but found or not found fails.</summary>
    public Task<bool> QueueExistsAsync(string queue) => ExistsAsync(Api("queues", queue), $"queue {queue}");

    /// <summary>Whether <paramref name="exchange"/> exists; any answer but found or not found fails.</summary>
    public Task<bool> ExchangeExistsAsync(string exchange) => ExistsAsync(Api("exchanges", exchange), $"exchange {exchange}");

    /// <summary>
    /// Reads up to <paramref name="count"/> messages of <paramref name="queue"/> with their AMQP properties without
    /// consuming them (they are requeued); none when the queue does not exist.
    /// </summary>
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

    /// <summary>
    /// Publishes a raw MassTransit envelope to a message type's exchange, as a relay that lost its "sent" mark would
    /// publish it again: same message id, same body. Fails when nothing is bound to the exchange.
    /// </summary>
    /// <param name="messageUrn">The message type, as <c>urn:message:Namespace:Type</c>.</param>
    /// <param name="exchange">The message type's exchange, as <c>Namespace:Type</c>.</param>
    /// <param name="messageId">The MessageId the envelope and the AMQP properties carry.</param>
    /// <param name="messageJson">The message itself, as JSON.</param>
    public async Task PublishEnvelopeAsync(string messageUrn, string exchange, Guid messageId, string messageJson)
    {
        var envelope = new JsonObject
        {
            ["messageId"] = messageId.ToString(),
            ["messageType"] = new JsonArray(messageUrn),
            ["message"] = JsonNode.Parse(messageJson),
            ["headers"] = new JsonObject(),
        };
        var request = new
        {
            properties = new { content_type = "application/vnd.masstransit+json", delivery_mode = 2, message_id = messageId.ToString() },
            routing_key = "",
            payload = envelope.ToJsonString(),
            payload_encoding = "string",
        };
        using var response = await _management.PostAsJsonAsync(Api("exchanges", exchange, "publish"), request);
        response.EnsureSuccessStatusCode();
        var routed = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(routed.GetProperty("routed").GetBoolean(), $"nothing is bound to exchange {exchange}");
    }

    /// <summary>Deletes the virtual host with everything in it.</summary>
    public async ValueTask DisposeAsync()
    {
        using (await _management.DeleteAsync(Api("vhosts")))
        {
        }
        _management.Dispose();
    }

    private async Task<bool> ExistsAsync(string path, string what)
    {
        using var response = await _management.GetAsync(path);
        return response.StatusCode switch
        {
            HttpStatusCode.OK => true,
            HttpStatusCode.NotFound => false,
            _ => throw new HttpRequestException($"GET {what}: {(int)response.StatusCode} {response.StatusCode}"),
        };
    }

    // Fresh queues may report no statistics yet (absent or null): nothing counted is nothing waiting.
    private static long Messages(JsonElement queue) =>
        queue.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Number ? messages.GetInt64() : 0;

    private string Api(string collection, params string[] path) =>
        $"api/{collection}/{Uri.EscapeDataString(Name)}" + string.Concat(path.Select(segment => "/" + Uri.EscapeDataString(segment)));
}

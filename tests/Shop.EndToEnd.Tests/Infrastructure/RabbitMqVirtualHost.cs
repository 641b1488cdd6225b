using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Shop.EndToEnd.Tests.Infrastructure;

/// <summary>A RabbitMQ virtual host of a deployment's own, so its queues never see another test's messages.</summary>
public sealed class RabbitMqVirtualHost : IDisposable
{
    private readonly HttpClient _management;

    private RabbitMqVirtualHost(HttpClient management, string name, string amqpBase)
    {
        _management = management;
        Name = name;
        ConnectionString = $"{amqpBase.TrimEnd('/')}/{Uri.EscapeDataString(name)}";
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<RabbitMqVirtualHost> CreateAsync(string managementUrl, string amqpBase)
    {
        var management = new HttpClient { BaseAddress = new Uri(managementUrl.TrimEnd('/') + "/api/"), Timeout = TimeSpan.FromSeconds(30) };
        management.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes("shop:shop")));
        var name = "e2e-" + Guid.NewGuid().ToString("N")[..12];
        using (var created = await management.PutAsync($"vhosts/{name}", null))
        {
            created.EnsureSuccessStatusCode();
        }
        using (var granted = await management.PutAsJsonAsync($"permissions/{name}/shop", new { configure = ".*", write = ".*", read = ".*" }))
        {
            granted.EnsureSuccessStatusCode();
        }
        return new RabbitMqVirtualHost(management, name, amqpBase);
    }

    /// <summary>Messages waiting in every queue of the virtual host whose name ends with <paramref name="suffix"/>.</summary>
    public async Task<IReadOnlyDictionary<string, int>> QueueDepthsAsync(string suffix = "")
    {
        var queues = await _management.GetFromJsonAsync<JsonElement>($"queues/{Name}?columns=name,messages");
        return queues.EnumerateArray()
            .Where(q => q.GetProperty("name").GetString()!.EndsWith(suffix, StringComparison.Ordinal))
            .ToDictionary(
                q => q.GetProperty("name").GetString()!,
                q => q.TryGetProperty("messages", out var m) && m.ValueKind == JsonValueKind.Number ? m.GetInt32() : 0);
    }

    public void Dispose()
    {
        _management.DeleteAsync($"vhosts/{Name}").GetAwaiter().GetResult().Dispose();
        _management.Dispose();
    }
}

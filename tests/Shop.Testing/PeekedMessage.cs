using System.Text.Json;

namespace Shop.Testing;

/// <summary>A message read from a queue by <see cref="RabbitMqVirtualHost.PeekAsync"/>, left in the queue.</summary>
/// <param name="MessageId">The AMQP <c>message_id</c> property, if set.</param>
/// <param name="Headers">The AMQP headers, each value as text.</param>
/// <param name="Payload">The body, as text.</param>
public sealed record PeekedMessage(string? MessageId, IReadOnlyDictionary<string, string> Headers, string Payload)
{
    /// <summary>Reads one element of the management API's <c>queues/{vhost}/{queue}/get</c> answer.</summary>
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

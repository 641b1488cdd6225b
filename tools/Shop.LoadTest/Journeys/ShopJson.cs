using System.Text.Json;

namespace Shop.LoadTest.Journeys;

/// <summary>The parts of Shop's API answers the journeys read.</summary>
internal static class ShopJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    public static T Parse<T>(byte[]? body) =>
        body is null
            ? throw new InvalidDataException($"Expected a {typeof(T).Name} body, got none.")
            : JsonSerializer.Deserialize<T>(body, Options) ?? throw new InvalidDataException($"Expected a {typeof(T).Name}, got null.");

    public sealed record TokenAnswer(string AccessToken, int ExpiresIn);

    public sealed record CheckoutAnswer(Guid OrderId);

    public sealed record OrderAnswer(Guid Id, string Status, string? Reason);

    public sealed record ProductAnswer(Guid Id, string Sku, string Name, decimal Price, int Stock);

    public sealed record ProductPageAnswer(IReadOnlyList<ProductAnswer> Items, int Total);

    public sealed record CategoryAnswer(Guid Id, string Name, string Slug);
}

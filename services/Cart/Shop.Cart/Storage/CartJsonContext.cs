using System.Text.Json;
using System.Text.Json.Serialization;
using Shop.Order.Contracts.Messages;

namespace Shop.Cart.Storage;

/// <summary>Source-generated serializer for the checkout records kept in Redis.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SubmitOrder))]
internal sealed partial class CartJsonContext : JsonSerializerContext;

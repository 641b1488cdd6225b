using System.Text.Json;
using System.Text.Json.Serialization;
using Shop.Catalog.Contracts;

namespace Shop.Catalog.Caching;

/// <summary>Source-generated serializer for cache entries: no reflection on the hot read path.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ProductDetails))]
internal sealed partial class CatalogCacheJsonContext : JsonSerializerContext;

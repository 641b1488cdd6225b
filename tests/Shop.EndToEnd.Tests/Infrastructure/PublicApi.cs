using System.Collections.Immutable;
using System.Text;

namespace Shop.EndToEnd.Tests.Infrastructure;

/// <summary>Who sends a request: nobody in particular, a signed-in buyer, an administrator, or a token the gateway did not sign.</summary>
internal enum Caller
{
    Anonymous,
    Buyer,
    Admin,
    ForgedToken,
}

/// <summary>The valid values a request to the public API is built from: a real product, a real category, tokens.</summary>
internal sealed record ApiValues(string ProductId, string CategorySlug, string AdminKey, string BuyerToken, string AdminToken)
{
    /// <summary>The buyer's token with its signature changed: well formed, signed by nobody the services trust.</summary>
    public string ForgedToken => BuyerToken[..^4] + (BuyerToken.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");

    public string? TokenOf(Caller caller) => caller switch
    {
        Caller.Buyer => BuyerToken,
        Caller.Admin => AdminToken,
        Caller.ForgedToken => ForgedToken,
        _ => null,
    };
}

/// <summary>
/// One route of the public API (README, API) with a valid request to it: path segments, query values, JSON body fields
/// and headers, each by name, so a mutation can replace one of them.
/// </summary>
internal sealed record PublicRoute(string Method, string Template, Caller Caller)
{
    public ImmutableDictionary<string, string> Segments { get; init; } = ImmutableDictionary<string, string>.Empty;

    public ImmutableList<KeyValuePair<string, string>> Query { get; init; } = [];

    /// <summary>The JSON body's fields with their valid values as JSON text; null for a route without a body.</summary>
    public ImmutableList<KeyValuePair<string, string>>? Body { get; init; }

    public ImmutableList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>A valid request to this route, as its caller sends it.</summary>
    public RequestDraft Draft(ApiValues values) => new(
        this,
        Segments,
        Query,
        Body?.Select(field => new KeyValuePair<string, byte[]>(field.Key, Encoding.UTF8.GetBytes(field.Value))).ToImmutableList(),
        null,
        [
            .. values.TokenOf(Caller) is { } token ? [("Authorization", Encoding.ASCII.GetBytes("Bearer " + token))] : Array.Empty<(string, byte[])>(),
            .. Headers.Select(header => (header.Key, Encoding.ASCII.GetBytes(header.Value))),
        ]);

    public override string ToString() => $"{Method} {Template}";

    /// <summary>
    /// Every route of the README's API table, with valid values. <see cref="PublicRoutesTests"/> holds this list to the table.
    /// </summary>
    public static IReadOnlyList<PublicRoute> All(ApiValues values)
    {
        var product = ImmutableDictionary<string, string>.Empty.Add("id", values.ProductId);
        return
        [
            new("POST", "/api/auth/token", Caller.Anonymous) { Body = Fields(("buyerId", "\"fuzz-buyer\""), ("adminKey", $"\"{values.AdminKey}\"")) },
            new("GET", "/api/catalog/products", Caller.Anonymous)
            {
                Query = Pairs(("page", "1"), ("pageSize", "5"), ("category", values.CategorySlug), ("q", "a")),
            },
            new("GET", "/api/catalog/products/{id}", Caller.Anonymous) { Segments = product },
            new("GET", "/api/catalog/categories", Caller.Anonymous),
            new("PUT", "/api/catalog/products/{id}/price", Caller.Admin) { Segments = product, Body = Fields(("price", "19.99")) },
            new("POST", "/api/catalog/products/{id}/stock", Caller.Admin) { Segments = product, Body = Fields(("quantity", "1")) },
            new("GET", "/api/cart", Caller.Buyer),
            new("PUT", "/api/cart/items/{productId}", Caller.Buyer)
            {
                Segments = ImmutableDictionary<string, string>.Empty.Add("productId", values.ProductId), Body = Fields(("quantity", "1")),
            },
            new("DELETE", "/api/cart/items/{productId}", Caller.Buyer)
            {
                Segments = ImmutableDictionary<string, string>.Empty.Add("productId", values.ProductId),
            },
            new("DELETE", "/api/cart", Caller.Buyer),
            new("POST", "/api/cart/checkout", Caller.Buyer) { Headers = Pairs(("Idempotency-Key", "fuzz-checkout-1")) },
            new("GET", "/api/orders/{id}", Caller.Buyer) { Segments = ImmutableDictionary<string, string>.Empty.Add("id", "3f2c1a9e-5b7d-4c1e-8a2f-0d9b6e4c7a15") },
            new("GET", "/api/orders", Caller.Buyer) { Query = Pairs(("page", "1"), ("pageSize", "5")) },
            new("GET", "/api/reports/summary", Caller.Admin),
            new("GET", "/api/reports/sales", Caller.Admin)
            {
                Query = Pairs(("from", "2026-01-01T00:00:00Z"), ("to", "2026-01-01T01:00:00Z"), ("bucket", "minute")),
            },
            new("GET", "/api/reports/top-products", Caller.Admin) { Query = Pairs(("limit", "5")) },
            new("GET", "/api/reports/funnel", Caller.Admin),
            new("GET", "/metrics", Caller.Anonymous),
            new("GET", "/health/live", Caller.Anonymous),
            new("GET", "/health/ready", Caller.Anonymous),
        ];
    }

    private static ImmutableList<KeyValuePair<string, string>> Pairs(params (string Name, string Value)[] pairs) =>
        [.. pairs.Select(pair => new KeyValuePair<string, string>(pair.Name, pair.Value))];

    private static ImmutableList<KeyValuePair<string, string>> Fields(params (string Name, string Json)[] fields) => Pairs(fields);
}

/// <summary>
/// A request to a <see cref="PublicRoute"/> on its way to the wire: valid when drafted, then changed by mutations, one
/// part at a time. Values are kept as they are written (percent-escapes in the target, bytes in headers and the body).
/// </summary>
internal sealed record RequestDraft(
    PublicRoute Route,
    ImmutableDictionary<string, string> Segments,
    ImmutableList<KeyValuePair<string, string>> Query,
    ImmutableList<KeyValuePair<string, byte[]>>? BodyFields,
    (byte[] Bytes, string? ContentType)? RawBody,
    ImmutableList<(string Name, byte[] Value)> Headers)
{
    public RequestDraft WithSegment(string name, string value) => this with { Segments = Segments.SetItem(name, value) };

    public RequestDraft WithQuery(string name, string value) =>
        this with { Query = Query.RemoveAll(pair => pair.Key == name).Add(new(name, value)) };

    public RequestDraft WithField(string name, byte[] json) =>
        this with { BodyFields = (BodyFields ?? []).RemoveAll(field => field.Key == name).Add(new(name, json)) };

    public RequestDraft WithoutField(string name) => this with { BodyFields = BodyFields?.RemoveAll(field => field.Key == name) };

    public RequestDraft WithBody(byte[] body, string? contentType) => this with { RawBody = (body, contentType) };

    /// <summary>Replaces every header of that name (case-insensitively) with one of this value.</summary>
    public RequestDraft WithHeader(string name, byte[] value) =>
        this with { Headers = Headers.RemoveAll(header => string.Equals(header.Name, name, StringComparison.OrdinalIgnoreCase)).Add((name, value)) };

    public RequestDraft AddHeader(string name, byte[] value) => this with { Headers = Headers.Add((name, value)) };

    public RawHttpRequest Build()
    {
        var path = Route.Template;
        foreach (var (name, value) in Segments)
        {
            path = path.Replace("{" + name + "}", value, StringComparison.Ordinal);
        }
        var target = Query.Count == 0 ? path : path + "?" + string.Join("&", Query.Select(pair => pair.Key + "=" + pair.Value));
        var request = new RawHttpRequest(Route.Method, target);
        foreach (var (name, value) in Headers)
        {
            request.WithHeader(name, value);
        }
        if (RawBody is var (bytes, contentType))
        {
            request.WithBody(bytes, contentType);
        }
        else if (BodyFields is not null)
        {
            request.WithBody(JsonObject(BodyFields));
        }
        return request;
    }

    private static byte[] JsonObject(ImmutableList<KeyValuePair<string, byte[]>> fields)
    {
        using var body = new MemoryStream();
        body.WriteByte((byte)'{');
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                body.WriteByte((byte)',');
            }
            body.Write(Encoding.UTF8.GetBytes($"\"{fields[i].Key}\":"));
            body.Write(fields[i].Value);
        }
        body.WriteByte((byte)'}');
        return body.ToArray();
    }
}

/// <summary>One change to a valid request, described so that a failure says what was tried.</summary>
internal sealed record Mutation(string Description, Func<RequestDraft, RequestDraft> Apply);

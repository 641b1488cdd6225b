using System.Text;
using Shop.ServiceDefaults.Http;

namespace Shop.EndToEnd.Tests.Infrastructure;

/// <summary>A request the fuzz sends, with what was done to a valid one to make it.</summary>
internal sealed record FuzzCase(string Description, RawHttpRequest Request)
{
    /// <summary>The bare status Kestrel answers it with before the pipeline, or null when the pipeline answers it.</summary>
    public int? ServerRejection { get; } = ServerRejections.Predict(Request);

    /// <summary>
    /// What was done and the request as sent; a request too long to read in a failure message (a body of thousands of
    /// fields) is cut after 4,000 characters, and its description says how to make it again.
    /// </summary>
    public override string ToString()
    {
        var request = Request.ToString();
        return request.Length <= 4000 ? $"{Description}: {request}" : $"{Description}: {request[..4000]}… ({request.Length - 4000} characters more)";
    }
}

/// <summary>
/// The fuzz's requests: every <see cref="PublicRoute"/> with each hostile value in each of its places, one at a time (the
/// table), then random combinations of several from a fixed seed. The same seed gives the same requests.
/// </summary>
internal static class FuzzCases
{
    /// <summary>Headers every route is also tried with, one per route in turn, besides its own and Authorization.</summary>
    private static readonly string[] s_otherHeaders =
        ["X-Fuzz", "Accept", "User-Agent", "Cookie", "X-Correlation-Id", "Accept-Language", "If-None-Match", "Origin", "Referer", "Content-Type"];

    public static IEnumerable<FuzzCase> Table(IReadOnlyList<PublicRoute> routes, ApiValues values)
    {
        for (var index = 0; index < routes.Count; index++)
        {
            var route = routes[index];
            foreach (var caller in Enum.GetValues<Caller>())
            {
                yield return new FuzzCase($"{route} as {caller}", (route with { Caller = caller }).Draft(values).Build());
            }
            var draft = route.Draft(values);
            foreach (var mutation in Mutations(route, index))
            {
                yield return new FuzzCase($"{route}: {mutation.Description}", mutation.Apply(draft).Build());
            }
        }
    }

    /// <summary>Routes picked at random, each with two or three of its mutations applied together.</summary>
    public static IEnumerable<FuzzCase> Combinations(IReadOnlyList<PublicRoute> routes, ApiValues values, int seed, int count)
    {
        var random = new Random(seed);
        var mutations = routes.Select((route, index) => Mutations(route, index).ToList()).ToList();
        for (var i = 0; i < count; i++)
        {
            var index = random.Next(routes.Count);
            var route = routes[index] with { Caller = Enum.GetValues<Caller>()[random.Next(4)] };
            var chosen = Enumerable.Range(0, random.Next(2, 4)).Select(_ => mutations[index][random.Next(mutations[index].Count)]).ToList();
            var draft = chosen.Aggregate(route.Draft(values), (current, mutation) => mutation.Apply(current));
            yield return new FuzzCase($"{route} as {route.Caller} (seed {seed}, #{i}): {string.Join("; ", chosen.Select(m => m.Description))}", draft.Build());
        }
    }

    /// <summary>Every change the fuzz makes to a valid request to <paramref name="route"/>, one part at a time.</summary>
    public static IEnumerable<Mutation> Mutations(PublicRoute route, int routeIndex)
    {
        foreach (var (segment, valid) in route.Segments)
        {
            foreach (var value in HostileValues.InUri.Concat(Derived(valid)))
            {
                yield return new($"path segment {segment} = {Shown(value)}", draft => draft.WithSegment(segment, value));
            }
        }
        foreach (var (name, valid) in route.Query)
        {
            foreach (var value in HostileValues.InUri.Concat(Derived(valid)))
            {
                yield return new($"query {name} = {Shown(value)}", draft => draft.WithQuery(name, value));
            }
            yield return new($"query {name} twice", draft => draft with { Query = draft.Query.Add(new(name, valid)) });
        }
        yield return new("an unknown query parameter holding a NUL", draft => draft.WithQuery("unknown", "%00"));
        yield return new("an unknown query parameter of 5000 characters", draft => draft.WithQuery("unknown", new string('a', 5000)));

        if (route.Body is { } fields)
        {
            foreach (var (field, _) in fields)
            {
                foreach (var value in HostileValues.AsJsonValue)
                {
                    yield return new($"body field {field} = {Shown(value)}", draft => draft.WithField(field, value));
                }
                yield return new($"body without {field}", draft => draft.WithoutField(field));
            }
            var validJson = "{" + string.Join(",", fields.Select(field => $"\"{field.Key}\":{field.Value}")) + "}";
            foreach (var (name, body, contentType) in HostileValues.Bodies(validJson))
            {
                yield return new($"body {name} ({contentType ?? "no content type"})", draft => draft.WithBody(body, contentType));
            }
            yield return new("body with every field twice",
                draft => draft.WithBody(Encoding.UTF8.GetBytes(validJson[..^1] + "," + validJson[1..]), "application/json"));
        }
        else
        {
            yield return new("a JSON body where the route takes none", draft => draft.WithBody("{\"a\":1}"u8.ToArray(), "application/json"));
            yield return new("a body over the limit where the route takes none", draft => draft.WithBody(new byte[70 * 1024], "application/octet-stream"));
        }

        foreach (var value in HostileValues.InHeader)
        {
            yield return new($"Authorization: Bearer {Shown(value)}", draft => draft.WithHeader("Authorization", [.. "Bearer "u8, .. value]));
            yield return new($"Authorization: {Shown(value)}", draft => draft.WithHeader("Authorization", value));
        }
        yield return new("Authorization: Basic", draft => draft.WithHeader("Authorization", "Basic c2hvcDpzaG9w"u8.ToArray()));
        yield return new("Authorization twice", draft => draft.AddHeader("Authorization", "Bearer x"u8.ToArray()));
        foreach (var (header, valid) in route.Headers)
        {
            foreach (var value in HostileValues.InHeader)
            {
                yield return new($"{header}: {Shown(value)}", draft => draft.WithHeader(header, value));
            }
            yield return new($"without {header}", draft => draft with { Headers = draft.Headers.RemoveAll(h => h.Name == header) });
            yield return new($"{header} twice", draft => draft.AddHeader(header, Encoding.ASCII.GetBytes(valid + "-2")));
        }
        var other = s_otherHeaders[routeIndex % s_otherHeaders.Length];
        foreach (var value in HostileValues.InHeader)
        {
            yield return new($"{other}: {Shown(value)}", draft => draft.WithHeader(other, value));
        }
        foreach (var name in new[] { "X-F(1)", "X-F@", "X-F\u00e9", "X F" })
        {
            yield return new($"a header named {name}", draft => draft.AddHeader(name, "1"u8.ToArray()));
        }
        yield return new($"{RequestHeadLimits.MaxHeaderCount + 20} headers", draft => ManyHeaders(draft, RequestHeadLimits.MaxHeaderCount + 20));
        yield return new($"{RequestHeadLimits.ServerMaxHeaderCount + 20} headers", draft => ManyHeaders(draft, RequestHeadLimits.ServerMaxHeaderCount + 20));
    }

    /// <summary>Variants of a valid value: with a NUL, a leading space, doubled, in capitals.</summary>
    private static IEnumerable<string> Derived(string valid) => [valid + "%00", "%20" + valid, valid + valid, valid.ToUpperInvariant()];

    private static RequestDraft ManyHeaders(RequestDraft draft, int count) =>
        Enumerable.Range(0, count).Aggregate(draft, (current, i) => current.AddHeader($"X-Many-{i}", "1"u8.ToArray()));

    private static string Shown(string value) => RawHttpRequest.Printable(Encoding.UTF8.GetBytes(value));

    private static string Shown(byte[] value) => RawHttpRequest.Printable(value);
}

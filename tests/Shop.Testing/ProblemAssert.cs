using System.Net;
using System.Text.Json;

namespace Shop.Testing;

/// <summary>Assertions on RFC 7807 problem documents, the shape of every error a Shop service or the gateway returns.</summary>
public static class ProblemAssert
{
    /// <summary>
    /// Asserts a problem document with <paramref name="expected"/> as the status, both in the response and in the body,
    /// and a title; returns the body for further checks. A wrong status fails with the body in the message.
    /// </summary>
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(
            expected == response.StatusCode,
            $"expected {(int)expected} {expected}, got {(int)response.StatusCode} {response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(body);
        var problem = document.RootElement.Clone();
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()), $"the problem has no title: {body}");
        return problem;
    }

    /// <summary>Asserts a 400 validation problem that names <paramref name="field"/> among its errors.</summary>
    public static async Task<JsonElement> IsValidationProblemAsync(HttpResponseMessage response, string field)
    {
        return NamesField(await IsProblemAsync(response, HttpStatusCode.BadRequest), field);
    }

    /// <summary>
    /// Asserts a problem document with <paramref name="expected"/> as the status in a response read off the wire
    /// (<see cref="RawHttp"/>); returns the body for further checks.
    /// </summary>
    public static JsonElement IsProblem(RawHttpResponse response, int expected)
    {
        ArgumentNullException.ThrowIfNull(response);
        Assert.True(expected == response.StatusCode, $"expected {expected}, got {response}");
        Assert.True(response.MediaType == "application/problem+json", $"expected a problem document, got {response}");
        JsonElement problem;
        try
        {
            using var document = JsonDocument.Parse(response.Body);
            problem = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new Xunit.Sdk.XunitException($"the problem document is not JSON: {response}");
        }
        Assert.True(
            problem.ValueKind == JsonValueKind.Object
            && problem.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.Number && status.GetInt32() == expected
            && problem.TryGetProperty("title", out var title) && !string.IsNullOrWhiteSpace(title.GetString()),
            $"expected a problem with status {expected} and a title, got {response}");
        return problem;
    }

    /// <summary>Asserts a 400 validation problem read off the wire that names <paramref name="field"/> among its errors.</summary>
    public static JsonElement IsValidationProblem(RawHttpResponse response, string field)
    {
        return NamesField(IsProblem(response, (int)HttpStatusCode.BadRequest), field);
    }

    /// <summary>
    /// Asserts what Kestrel answers when it refuses a request while parsing it, before any middleware runs (README, API:
    /// errors): the status, an empty body, the connection closed, and nothing the pipeline would add (no content type,
    /// no correlation id).
    /// </summary>
    public static void IsServerRejection(RawHttpResponse response, int expected)
    {
        ArgumentNullException.ThrowIfNull(response);
        Assert.True(
            response.StatusCode == expected
            && response.Header("Content-Length") == "0"
            && response.Header("Connection") == "close"
            && response.Header("Content-Type") is null
            && response.Header("X-Correlation-Id") is null,
            $"expected Kestrel's bare {expected} (empty body, Connection: close, no Content-Type or X-Correlation-Id), got {response}");
    }

    /// <summary>Asserts a 503 problem with a <c>Retry-After</c> delay: a dependency failed, which is never a 500.</summary>
    public static async Task<JsonElement> IsUnavailableAsync(HttpResponseMessage response)
    {
        var problem = await IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
        return problem;
    }

    private static JsonElement NamesField(JsonElement problem, string field)
    {
        Assert.True(
            problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _),
            $"expected an error for '{field}': {problem}");
        return problem;
    }
}

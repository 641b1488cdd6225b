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
        var problem = await IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(
            problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _),
            $"expected an error for '{field}': {problem}");
        return problem;
    }

    /// <summary>Asserts a 503 problem with a <c>Retry-After</c> delay: a dependency failed, which is never a 500.</summary>
    public static async Task<JsonElement> IsUnavailableAsync(HttpResponseMessage response)
    {
        var problem = await IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
        return problem;
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Shop.EndToEnd.Tests.Infrastructure;
using Shop.ServiceDefaults.Http;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Shop.EndToEnd.Tests;

/// <summary>All four services behind a gateway whose rate limit stays out of the way of the fuzz's bursts.</summary>
public sealed class HostileInputDeployment() : ShopDeployment(new DeploymentShape(CatalogReplicas: 1, CartReplicas: 1, OrderReplicas: 1, ReportingReplicas: 1))
{
    protected override IDictionary<string, string> GatewaySettings() =>
        new Dictionary<string, string> { ["Gateway__RateLimit__Enabled"] = "false" };
}

/// <summary>The same as one monolith process.</summary>
public sealed class MonolithHostileInputDeployment()
    : ShopDeployment(new DeploymentShape(CatalogReplicas: 1, CartReplicas: 1, OrderReplicas: 1, ReportingReplicas: 1).AsMonolith())
{
    protected override IDictionary<string, string> GatewaySettings() =>
        new Dictionary<string, string> { ["Gateway__RateLimit__Enabled"] = "false" };
}

/// <summary>
/// Bad input at the edges, through the real gateway: whatever a client sends to a public route, the answer is never a
/// 5xx, and every 4xx is a problem document, except where Kestrel refuses the request before any middleware runs, which
/// is answered exactly as README's API section documents.
/// </summary>
public abstract class HostileInputTests(ShopDeployment deployment, ITestOutputHelper output)
{
    /// <summary>The combinations' seed; set <c>SHOP_FUZZ_SEED</c> to try others, and to repeat the one a failure names.</summary>
    private const int DefaultSeed = 18;

    private const int Combinations = 400;

    private static readonly TimeSpan s_requestTimeout = TimeSpan.FromSeconds(30);

    private static readonly string[] s_services = ["catalog", "cart", "order", "reporting"];

    [Fact]
    public async Task ListProducts_NulInSearch_Returns400ProblemNamingQ()
    {
        using var client = deployment.CreateGatewayClient();

        using var response = await client.GetAsync("api/catalog/products?q=%00");

        await ProblemAssert.IsValidationProblemAsync(response, "q");
    }

    [Theory]
    [InlineData(new byte[] { 0xC3, 0xA9 })]
    [InlineData(new byte[] { 0xE9 })]
    [InlineData(new byte[] { 0x6B, 0x01 })]
    public async Task Checkout_IdempotencyKeyOutsideVisibleAscii_Returns400ProblemNamingTheHeader(byte[] key)
    {
        var token = await deployment.TokenAsync("edge-" + Guid.NewGuid().ToString("N")[..8]);

        var response = await SendAsync(deployment.Gateway.BaseAddress, new RawHttpRequest("POST", "/api/cart/checkout")
            .WithHeader("Authorization", "Bearer " + token)
            .WithHeader("Idempotency-Key", key));

        ProblemAssert.IsValidationProblem(response, "Idempotency-Key");
    }

    [Fact]
    public async Task RequestHead_OverShopsLimits_Returns414And431Problems()
    {
        var longTarget = await SendAsync(deployment.Gateway.BaseAddress,
            new RawHttpRequest("GET", "/api/catalog/products?q=" + new string('a', RequestHeadLimits.MaxTargetLength)));
        var largeHeaders = await SendAsync(deployment.Gateway.BaseAddress,
            new RawHttpRequest("GET", "/api/catalog/products").WithHeader("X-Large", new string('a', RequestHeadLimits.MaxHeadersTotalSize)));

        ProblemAssert.IsProblem(longTarget, 414);
        ProblemAssert.IsProblem(largeHeaders, 431);
    }

    /// <summary>The services check request heads the same way when a client reaches them directly.</summary>
    [Fact]
    public async Task RequestHead_MalformedOrOverLimitsAtEveryService_ReturnsProblems()
    {
        foreach (var address in ServiceAddresses())
        {
            ProblemAssert.IsValidationProblem(
                await SendAsync(address, new RawHttpRequest("GET", "/health/live").WithHeader("X-Anything", [0xE9])), "X-Anything");
            ProblemAssert.IsProblem(await SendAsync(address, new RawHttpRequest("GET", "/health/live?" + new string('a', RequestHeadLimits.MaxTargetLength))), 414);
            ProblemAssert.IsProblem(await SendAsync(address, ServerRejections.ManyHeaders(RequestHeadLimits.MaxHeaderCount, "/health/live")), 431);
        }
    }

    /// <summary>What Kestrel refuses while parsing gets its bare status, from the gateway and from every service alike.</summary>
    [Fact]
    public async Task ServerRejections_AtTheGatewayAndEveryService_AnswerTheDocumentedBareStatus()
    {
        foreach (var address in ServiceAddresses().Prepend(deployment.Gateway.BaseAddress))
        {
            foreach (var (what, request, status) in ServerRejections.Documented)
            {
                var response = await SendAsync(address, request());
                try
                {
                    ProblemAssert.IsServerRejection(response, status);
                }
                catch (XunitException failure)
                {
                    throw new XunitException($"{what} at {address}: {failure.Message}");
                }
            }
        }
    }

    [Fact]
    public async Task EveryPublicRoute_HostileInput_NeverAServerErrorAndEvery4xxAProblemDocument()
    {
        var values = await ApiValuesAsync();
        var routes = PublicRoute.All(values);
        var seed = int.TryParse(Environment.GetEnvironmentVariable("SHOP_FUZZ_SEED"), CultureInfo.InvariantCulture, out var chosen) ? chosen : DefaultSeed;
        var cases = FuzzCases.Table(routes, values).Concat(FuzzCases.Combinations(routes, values, seed, Combinations)).ToList();
        var failures = new ConcurrentBag<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        var clock = Stopwatch.StartNew();

        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (fuzzCase, _) =>
        {
            try
            {
                var response = await SendRetryingUnavailableAsync(fuzzCase.Request);
                statuses.AddOrUpdate(response.StatusCode, 1, (_, count) => count + 1);
                if (Violation(fuzzCase, response) is { } violation)
                {
                    failures.Add($"{fuzzCase}{Environment.NewLine}    → {violation}");
                }
            }
            catch (Exception exception) when (exception is IOException or OperationCanceledException or InvalidOperationException or System.Net.Sockets.SocketException)
            {
                failures.Add($"{fuzzCase}{Environment.NewLine}    → no answer: {exception.GetType().Name}: {exception.Message}");
            }
        });

        output.WriteLine($"{cases.Count} requests in {clock.Elapsed.TotalSeconds:0.0} s, seed {seed}; statuses: "
            + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")));
        if (!failures.IsEmpty)
        {
            deployment.ThrowIfAProcessDied();
        }
        Assert.True(failures.IsEmpty,
            $"{failures.Count} of {cases.Count} requests broke the contract (seed {seed}); the first 40:{Environment.NewLine}"
            + string.Join(Environment.NewLine, failures.Order(StringComparer.Ordinal).Take(40)));
    }

    /// <summary>
    /// Sends a fuzz case, and again after its <c>Retry-After</c> (three times at most) while the answer is a 503 problem
    /// that has one: a module that did not answer another in time under load, which says nothing about the input and
    /// which a client is told to retry. <see cref="Violation"/> judges the last answer.
    /// </summary>
    private async Task<RawHttpResponse> SendRetryingUnavailableAsync(RawHttpRequest request)
    {
        var response = await SendAsync(deployment.Gateway.BaseAddress, request);
        for (var attempt = 0; attempt < 3 && IsRetryableUnavailable(response); attempt++)
        {
            var seconds = int.Parse(response.Header("Retry-After")!, CultureInfo.InvariantCulture);
            await Task.Delay(TimeSpan.FromSeconds(Math.Clamp(seconds, 1, 5)));
            response = await SendAsync(deployment.Gateway.BaseAddress, request);
        }
        return response;
    }

    private static bool IsRetryableUnavailable(RawHttpResponse response) =>
        response.StatusCode == 503
        && response.MediaType == "application/problem+json"
        && int.TryParse(response.Header("Retry-After"), CultureInfo.InvariantCulture, out _);

    /// <summary>What is wrong with the answer to a fuzz case, or null when it keeps the contract.</summary>
    private static string? Violation(FuzzCase fuzzCase, RawHttpResponse response)
    {
        try
        {
            if (fuzzCase.ServerRejection is { } status)
            {
                ProblemAssert.IsServerRejection(response, status);
            }
            else if (response.StatusCode >= 500)
            {
                return $"a server error: {Shortened(response)}";
            }
            else if (response.StatusCode >= 400)
            {
                ProblemAssert.IsProblem(response, response.StatusCode);
            }
            return null;
        }
        catch (XunitException failure)
        {
            return failure.Message.Length > 600 ? failure.Message[..600] + "…" : failure.Message;
        }
    }

    private static string Shortened(RawHttpResponse response)
    {
        var text = response.ToString();
        return text.Length > 600 ? text[..600] + "…" : text;
    }

    /// <summary>The HTTP/1.1 listener of every service process (the monolith's once).</summary>
    private IEnumerable<Uri> ServiceAddresses() =>
        s_services
            .SelectMany(deployment.Replicas)
            .Select(process => process.BaseAddress)
            .Distinct();

    private async Task<ApiValues> ApiValuesAsync()
    {
        using var client = deployment.CreateGatewayClient();
        var page = await client.GetFromJsonAsync<JsonElement>("api/catalog/products?pageSize=1");
        var categories = await client.GetFromJsonAsync<JsonElement>("api/catalog/categories");
        return new ApiValues(
            page.GetProperty("items")[0].GetProperty("id").GetString()!,
            categories[0].GetProperty("slug").GetString()!,
            deployment.AdminKey,
            await deployment.TokenAsync("fuzz-buyer"),
            await deployment.TokenAsync("fuzz-admin", deployment.AdminKey));
    }

    private static Task<RawHttpResponse> SendAsync(Uri address, RawHttpRequest request) => RawHttp.SendAsync(address, request, s_requestTimeout);
}

public sealed class MicroservicesHostileInputTests(HostileInputDeployment deployment, ITestOutputHelper output)
    : HostileInputTests(deployment, output), IClassFixture<HostileInputDeployment>;

public sealed class MonolithHostileInputTests(MonolithHostileInputDeployment deployment, ITestOutputHelper output)
    : HostileInputTests(deployment, output), IClassFixture<MonolithHostileInputDeployment>;

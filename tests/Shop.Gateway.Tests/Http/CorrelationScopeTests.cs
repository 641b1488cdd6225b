using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Shop.Gateway.Tests.Infrastructure;
using Shop.ServiceDefaults;

namespace Shop.Gateway.Tests.Http;

/// <summary>
/// The correlation id every host (the gateway first) puts on what a request logs, and on the response, with the
/// service defaults alone: a line logged while the request runs carries it as a <c>CorrelationId</c> scope property.
/// </summary>
public sealed class CorrelationScopeTests : IAsyncLifetime
{
    private const string CorrelationHeader = "X-Correlation-Id";
    private WebApplication? _app;

    private FakeLogCollector Logs => _app!.Services.GetFakeLogCollector();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(
        [
            "--urls=http://127.0.0.1:0",
            "--hostBuilder:reloadConfigOnChange=false",
            $"--Auth:SigningKey={TestGateway.SigningKey}",
        ]);
        builder.AddServiceDefaults();
        // After the defaults, which replace the logging providers with the JSON console.
        builder.Logging.AddFakeLogging();
        _app = builder.Build();
        _app.UseServiceDefaults();
        _app.MapGet("/logs-something", (ILogger<CorrelationScopeTests> logger) =>
        {
            logger.LogWarning("inside the request");
            return Results.Ok();
        });
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Request_WithCorrelationId_LogsInItsScopeAndEchoesIt()
    {
        using var response = await GetWithCorrelationIdAsync("order-7.try_2");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("order-7.try_2", response.Headers.GetValues(CorrelationHeader).Single());
        Assert.Equal("order-7.try_2", CorrelationIdOf(Logs.GetSnapshot().Single(r => r.Message == "inside the request")));
    }

    [Fact]
    public async Task Request_WithUnsafeCorrelationId_GetsAFreshOneInLogsAndResponse()
    {
        using var response = await GetWithCorrelationIdAsync("x\"}, {\"injected\": 1");

        var echoed = response.Headers.GetValues(CorrelationHeader).Single();
        Assert.Matches("^[0-9a-f]{32}$", echoed);
        Assert.Equal(echoed, CorrelationIdOf(Logs.GetSnapshot().Single(r => r.Message == "inside the request")));
    }

    private async Task<HttpResponseMessage> GetWithCorrelationIdAsync(string correlationId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/logs-something");
        request.Headers.Add(CorrelationHeader, correlationId);
        using var client = new HttpClient { BaseAddress = new Uri(_app!.Urls.Single()) };
        return await client.SendAsync(request);
    }

    private static string? CorrelationIdOf(FakeLogRecord record) =>
        record.Scopes
            .OfType<IEnumerable<KeyValuePair<string, object?>>>()
            .SelectMany(scope => scope)
            .Where(property => property.Key == "CorrelationId")
            .Select(property => property.Value as string)
            .SingleOrDefault();
}

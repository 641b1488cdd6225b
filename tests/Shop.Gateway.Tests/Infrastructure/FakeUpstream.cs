using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Shop.ServiceDefaults.Http;

namespace Shop.Gateway.Tests.Infrastructure;

/// <summary>What a fake service saw, echoed back so a test can tell which replica answered and what reached it.</summary>
public sealed record UpstreamEcho(
    string Upstream, string PathAndQuery, string? CorrelationId, long BodyLength, string Protocol, string? ForwardedFor, string? ForwardedHost);

/// <summary>
/// A stand-in for a Shop service: a real Kestrel server on an ephemeral 127.0.0.1 port, because the gateway has to open
/// real connections to it (and find them refused once it is stopped).
/// </summary>
public sealed class FakeUpstream : IAsyncDisposable
{
    /// <summary>Answers after this long, far beyond any gateway timeout used in the tests.</summary>
    public const string SlowPath = "/api/catalog/slow";

    private readonly WebApplication _app;
    private int _requests;
    private bool _stopped;

    private FakeUpstream(string name, WebApplication app)
    {
        Name = name;
        _app = app;
    }

    public string Name { get; }

    /// <summary>Base address with a trailing slash, as YARP destinations are written.</summary>
    public string Address => _app.Urls.Single().TrimEnd('/') + "/";

    /// <summary>Requests to <c>/api/...</c> that reached this replica; health probes are not counted.</summary>
    public int RequestCount => Volatile.Read(ref _requests);

    /// <summary>Starts a replica; <paramref name="http2Only"/> makes it speak only HTTP/2 over cleartext, as the services do behind <c>./shop</c>.</summary>
    public static async Task<FakeUpstream> StartAsync(string name, bool http2Only = false)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            EnvironmentName = Environments.Production,
        });
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = http2Only ? HttpProtocols.Http2 : HttpProtocols.Http1);
            // What a Shop service accepts from the gateway.
            RequestHeadLimits.ApplyTo(kestrel);
        });
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(2));

        var app = builder.Build();
        var upstream = new FakeUpstream(name, app);
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/api"))
            {
                Interlocked.Increment(ref upstream._requests);
            }
            return next(context);
        });
        app.MapGet("/health/ready", () => "Healthy");
        app.MapGet(SlowPath, async (CancellationToken cancellationToken) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), cancellationToken);
            return "too late";
        });
        app.Map("/api/{**rest}", async (HttpContext context) =>
        {
            long length = 0;
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                length += read;
            }
            var correlationId = context.Request.Headers["X-Correlation-Id"].ToString();
            var forwardedFor = context.Request.Headers["X-Forwarded-For"].ToString();
            var forwardedHost = context.Request.Headers["X-Forwarded-Host"].ToString();
            await context.Response.WriteAsJsonAsync(new UpstreamEcho(
                name,
                context.Request.Path + context.Request.QueryString,
                correlationId.Length == 0 ? null : correlationId,
                length,
                context.Request.Protocol,
                forwardedFor.Length == 0 ? null : forwardedFor,
                forwardedHost.Length == 0 ? null : forwardedHost));
        });

        await app.StartAsync();
        return upstream;
    }

    /// <summary>Stops listening, the way a killed replica disappears: new connections are refused from now on.</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _app.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
    }

    public static async Task<UpstreamEcho> ReadEchoAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<UpstreamEcho>() ?? throw new InvalidOperationException("Empty upstream echo.");
}

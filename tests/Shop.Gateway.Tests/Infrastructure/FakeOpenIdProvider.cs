using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Shop.Gateway.Tests.Infrastructure;

/// <summary>
/// An OpenID Connect provider as far as token validation sees one: a discovery document and a key set with one RSA key,
/// on a real 127.0.0.1 port, so the gateway fetches them the way it would from Keycloak or Entra ID.
/// </summary>
public sealed class FakeOpenIdProvider : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RSA _rsa;
    private readonly RsaSecurityKey _signingKey;
    private int _discoveryRequests;

    private FakeOpenIdProvider(WebApplication app, RSA rsa)
    {
        _app = app;
        _rsa = rsa;
        _signingKey = new RsaSecurityKey(rsa) { KeyId = "fake-provider-key" };
    }

    /// <summary>The issuer, as a real provider names itself: its own base address.</summary>
    public string Authority => _app.Urls.Single().TrimEnd('/');

    /// <summary>How often the discovery document was fetched: once, then cached, is what a well-behaved client does.</summary>
    public int DiscoveryRequests => Volatile.Read(ref _discoveryRequests);

    public static async Task<FakeOpenIdProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            EnvironmentName = Environments.Production,
        });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var provider = new FakeOpenIdProvider(app, RSA.Create(2048));

        app.MapGet("/.well-known/openid-configuration", () =>
        {
            Interlocked.Increment(ref provider._discoveryRequests);
            return Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = provider.Authority,
                ["jwks_uri"] = provider.Authority + "/keys",
                ["id_token_signing_alg_values_supported"] = new[] { SecurityAlgorithms.RsaSha256 },
            });
        });
        app.MapGet("/keys", () =>
        {
            var publicKey = new RsaSecurityKey(provider._rsa.ExportParameters(includePrivateParameters: false)) { KeyId = provider._signingKey.KeyId };
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(publicKey);
            jwk.Use = "sig";
            jwk.Alg = SecurityAlgorithms.RsaSha256;
            return Results.Content(JsonSerializer.Serialize(new { keys = new[] { jwk } }), "application/json");
        });

        await app.StartAsync();
        return provider;
    }

    /// <summary>A token this provider signed for <paramref name="subject"/>, for Shop's audience.</summary>
    public AuthenticationHeaderValue BearerFor(string subject) =>
        new("Bearer", new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Authority,
            Audience = "shop",
            Expires = DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = new SigningCredentials(_signingKey, SecurityAlgorithms.RsaSha256),
            Claims = new Dictionary<string, object> { ["sub"] = subject, ["role"] = "buyer" },
        }));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _rsa.Dispose();
    }
}

// A Docker HEALTHCHECK command: exit code 0 means healthy, 1 unhealthy. Docker keeps the last lines written here in
// `docker inspect`, so every outcome says what was asked and what came back.
const string DefaultUrl = "http://127.0.0.1:8080/health/live";
var timeout = TimeSpan.FromSeconds(3);

var target = args.Length > 0 ? args[0] : DefaultUrl;
if (!Uri.TryCreate(target, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttp)
{
    await Console.Error.WriteLineAsync($"unhealthy: '{target}' is not an http:// URL");
    return 1;
}

// No proxy: HTTP_PROXY set for the application must not send a loopback probe elsewhere.
using var handler = new SocketsHttpHandler { UseProxy = false, ConnectTimeout = timeout };
using var client = new HttpClient(handler) { Timeout = timeout };
try
{
    using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
    var status = (int)response.StatusCode;
    if (response.IsSuccessStatusCode)
    {
        Console.WriteLine($"healthy: GET {url} answered {status}");
        return 0;
    }
    await Console.Error.WriteLineAsync($"unhealthy: GET {url} answered {status}");
    return 1;
}
catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
{
    await Console.Error.WriteLineAsync($"unhealthy: GET {url} failed: {exception.Message}");
    return 1;
}

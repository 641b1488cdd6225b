using System.Net;

namespace Shop.Deployment.Tests.Docker;

/// <summary>
/// The HEALTHCHECK command of the images (deploy/docker/Shop.HealthProbe), run as Docker runs it, against a small
/// HTTP listener on loopback: exit code 0 only for a 2xx answer.
/// </summary>
public sealed class HealthProbeTests(HealthProbeTests.ProbeBuild probe) : IClassFixture<HealthProbeTests.ProbeBuild>, IAsyncLifetime, IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly int _port = FreePort.Next();
    private Task _serving = Task.CompletedTask;

    [Fact]
    public async Task Probe_EndpointAnswers200_ExitsZero()
    {
        var result = await probe.RunAsync($"http://127.0.0.1:{_port}/health/live");

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Contains("200", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_EndpointAnswers503_ExitsOneAndSaysWhy()
    {
        var result = await probe.RunAsync($"http://127.0.0.1:{_port}/health/unavailable");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("503", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_NothingListens_ExitsOne()
    {
        var result = await probe.RunAsync($"http://127.0.0.1:{FreePort.Next()}/health/live");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("unhealthy", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_NotAnHttpUrl_ExitsOne()
    {
        var result = await probe.RunAsync("ftp://127.0.0.1/health/live");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("not an http:// URL", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_HttpProxySet_StillAsksTheLoopbackEndpoint()
    {
        // An application's HTTP_PROXY must not send the probe elsewhere: here the proxy does not even exist.
        var proxy = new Dictionary<string, string> { ["HTTP_PROXY"] = $"http://127.0.0.1:{FreePort.Next()}", ["NO_PROXY"] = "" };

        var result = await probe.RunAsync($"http://127.0.0.1:{_port}/health/live", proxy);

        Assert.True(result.ExitCode == 0, result.Describe());
    }

    public Task InitializeAsync()
    {
        _listener.Prefixes.Add($"http://127.0.0.1:{_port}/");
        _listener.Start();
        _serving = ServeAsync();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _listener.Stop();
        await _serving;
    }

    public void Dispose() => _listener.Close();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            context.Response.StatusCode = context.Request.Url?.AbsolutePath == "/health/live" ? 200 : 503;
            context.Response.Close();
        }
    }

    /// <summary>Builds the probe once for the class, with the configuration this assembly was built with.</summary>
    public sealed class ProbeBuild : IAsyncLifetime
    {
        private string _assembly = "";

        public async Task<ToolResult> RunAsync(string url, IReadOnlyDictionary<string, string>? environment = null) =>
            await ContainerTools.RunAsync(DotnetHost, [_assembly, url], Path.GetTempPath(), environment: environment);

        public async Task InitializeAsync()
        {
            var project = Repository.PathOf(ShopImages.ProbeProject);
            var configuration = BuildConfiguration();
            var build = await ContainerTools.RunAsync(
                DotnetHost, ["build", project, "-c", configuration, "-nologo", "-v:q"], Repository.Root);
            Assert.True(build.ExitCode == 0, $"building {ShopImages.ProbeProject} failed: {build.Describe()}");
            _assembly = Path.Combine(Path.GetDirectoryName(project)!, "bin", configuration, "net10.0", "Shop.HealthProbe.dll");
            Assert.True(File.Exists(_assembly), $"{_assembly} missing after the build");
        }

        public Task DisposeAsync() => Task.CompletedTask;

        private static string DotnetHost => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

        private static string BuildConfiguration()
        {
            var parts = AppContext.BaseDirectory.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
            var bin = Array.LastIndexOf(parts, "bin");
            return bin >= 0 && bin + 1 < parts.Length ? parts[bin + 1] : "Release";
        }
    }
}

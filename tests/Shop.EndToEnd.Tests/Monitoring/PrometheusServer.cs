using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Shop.EndToEnd.Tests.Monitoring;

/// <summary>A process Prometheus scrapes, labelled as ./shop labels it.</summary>
public sealed record ScrapeTarget(int Port, string Service, string Replica);

/// <summary>The answer of <c>/api/v1/query</c>: the series found, or why the query failed.</summary>
public sealed record QueryResult(bool Succeeded, string Error, IReadOnlyList<JsonElement> Series)
{
    /// <summary>At least one series with a number Grafana can draw (NaN, as from 0/0, draws nothing).</summary>
    public bool HasData => Series.Any(series => series.GetProperty("value")[1].GetString() != "NaN");

    public IEnumerable<string> LabelValues(string label) =>
        Series.Select(series => series.GetProperty("metric").TryGetProperty(label, out var value) ? value.GetString() ?? "" : "");
}

/// <summary>
/// A real Prometheus (the apt package, or the binary <c>SHOP_TEST_PROMETHEUS</c> names) on a free loopback port,
/// scraping a test deployment every second and evaluating Shop's alert rules; its data is deleted when disposed.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private const int KeptOutputLines = 100;
    private readonly Process _process;
    private readonly string _directory;
    private readonly HttpClient _client;
    private readonly ConcurrentQueue<string> _output = new();

    private PrometheusServer(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        _client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    /// <summary>A range long enough to cover every sample since the start, for <c>rate(…[window])</c> and the like.</summary>
    public string WholeRun => ((int)(DateTimeOffset.UtcNow - StartedAt).TotalSeconds + 30).ToString(CultureInfo.InvariantCulture) + "s";

    public string RecentOutput => string.Join(Environment.NewLine, _output);

    /// <param name="targets">The Shop processes, scraped as job <c>shop</c>.</param>
    /// <param name="rabbitMq">The RabbitMQ prometheus plugin (host:port), scraped as job <c>rabbitmq</c>, or none.</param>
    /// <param name="ruleFile">A rule file to evaluate every second.</param>
    public static async Task<PrometheusServer> StartAsync(IReadOnlyCollection<ScrapeTarget> targets, string? rabbitMq, string ruleFile)
    {
        var directory = Path.Combine(Path.GetTempPath(), "shop-prometheus-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        var configuration = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(configuration, Configuration(targets, rabbitMq, ruleFile));

        var port = FreePort.Next();
        var info = new ProcessStartInfo(Executable())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--config.file=" + configuration,
            "--storage.tsdb.path=" + Path.Combine(directory, "data"),
            $"--web.listen-address=127.0.0.1:{port}",
        })
        {
            info.ArgumentList.Add(argument);
        }
        var process = new Process { StartInfo = info };
        var server = new PrometheusServer(process, directory, port);
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <summary>Waits until every target has been scraped successfully at least once.</summary>
    public async Task WaitUntilScrapedAsync(int targets, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while ((await QueryAsync("up == 1")).Series.Count < targets)
        {
            if (DateTime.UtcNow > deadline)
            {
                var states = await _client.GetStringAsync("api/v1/targets");
                throw new TimeoutException($"Prometheus did not scrape all {targets} targets within {timeout}: {states}");
            }
            await Task.Delay(500);
        }
    }

    /// <summary>Evaluates <paramref name="expression"/> now, as Grafana's instant query and each point of a graph do.</summary>
    public async Task<QueryResult> QueryAsync(string expression)
    {
        using var content = new FormUrlEncodedContent([new KeyValuePair<string, string>("query", expression)]);
        using var response = await _client.PostAsync("api/v1/query", content);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (body.GetProperty("status").GetString() != "success")
        {
            return new QueryResult(false, $"{body.GetProperty("errorType")}: {body.GetProperty("error")}", []);
        }
        var data = body.GetProperty("data");
        var result = data.GetProperty("result");
        return data.GetProperty("resultType").GetString() is "vector" or "matrix"
            ? new QueryResult(true, "", result.EnumerateArray().Select(series => series.Clone()).ToList())
            : new QueryResult(true, "", [JsonSerializer.SerializeToElement(new { metric = new { }, value = result })]);
    }

    /// <summary>The rule groups as Prometheus evaluates them (<c>/api/v1/rules</c>).</summary>
    public async Task<IReadOnlyList<JsonElement>> RuleGroupsAsync()
    {
        var body = await _client.GetFromJsonAsync<JsonElement>("api/v1/rules");
        return body.GetProperty("data").GetProperty("groups").EnumerateArray().Select(group => group.Clone()).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        _client.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static string Configuration(IReadOnlyCollection<ScrapeTarget> targets, string? rabbitMq, string ruleFile)
    {
        // JSON strings are YAML strings, so every value is quoted the same way.
        static string Quote(string value) => JsonSerializer.Serialize(value);
        var yaml = new StringBuilder();
        yaml.AppendLine("global:");
        yaml.AppendLine("  scrape_interval: 1s");
        yaml.AppendLine("  scrape_timeout: 1s");
        yaml.AppendLine("  evaluation_interval: 1s");
        yaml.AppendLine("rule_files:");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"  - {Quote(ruleFile)}");
        yaml.AppendLine("scrape_configs:");
        yaml.AppendLine("  - job_name: shop");
        yaml.AppendLine("    static_configs:");
        foreach (var target in targets)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"      - targets: [{Quote($"127.0.0.1:{target.Port}")}]");
            yaml.AppendLine(CultureInfo.InvariantCulture,
                $"        labels: {{service: {Quote(target.Service)}, replica: {Quote(target.Replica)}}}");
        }
        if (rabbitMq is not null)
        {
            // Per-object: a series per queue (the default endpoint sums all queues into one).
            yaml.AppendLine("  - job_name: rabbitmq");
            yaml.AppendLine("    metrics_path: /metrics/per-object");
            yaml.AppendLine("    scrape_interval: 5s");
            yaml.AppendLine("    scrape_timeout: 5s");
            yaml.AppendLine("    static_configs:");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"      - targets: [{Quote(rabbitMq)}]");
        }
        return yaml.ToString();
    }

    private static string Executable()
    {
        if (Environment.GetEnvironmentVariable("SHOP_TEST_PROMETHEUS") is { Length: > 0 } configured)
        {
            return File.Exists(configured)
                ? configured
                : throw new InvalidOperationException($"SHOP_TEST_PROMETHEUS names {configured}, which does not exist.");
        }
        return (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "prometheus"))
            .FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                "prometheus was not found on PATH: install the apt package 'prometheus' (./shop test does) or set SHOP_TEST_PROMETHEUS.");
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with {_process.ExitCode}:{Environment.NewLine}{RecentOutput}");
            }
            try
            {
                using var response = await _client.GetAsync("-/ready");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"prometheus was not ready after {timeout}:{Environment.NewLine}{RecentOutput}");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        _output.Enqueue(line);
        while (_output.Count > KeptOutputLines && _output.TryDequeue(out _))
        {
        }
    }
}

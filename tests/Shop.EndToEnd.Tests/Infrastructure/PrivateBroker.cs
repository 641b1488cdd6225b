using System.Diagnostics;

namespace Shop.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A RabbitMQ node of one test class's own (started with the same script ./shop uses, on free ports and its own
/// node name), so the class can stop and restart the broker without disturbing tests running beside it.
/// </summary>
public sealed class PrivateBroker : IAsyncDisposable
{
    private readonly string _state = Path.Combine(Path.GetTempPath(), "shop-broker-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly Dictionary<string, string> _environment;

    public PrivateBroker()
    {
        AmqpPort = FreePort.Next();
        ManagementPort = FreePort.Next();
        _environment = new()
        {
            ["SHOP_STATE"] = _state,
            ["SHOP_AMQP_PORT"] = AmqpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SHOP_RABBIT_MGMT_PORT"] = ManagementPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SHOP_RABBIT_METRICS_PORT"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SHOP_RABBIT_DIST_PORT"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SHOP_RABBIT_NODENAME"] = "e2e" + Path.GetFileName(_state)[^8..],
        };
    }

    public int AmqpPort { get; }

    public int ManagementPort { get; }

    public Uri AmqpUri => new($"amqp://shop:shop@127.0.0.1:{AmqpPort}/");

    public Uri ManagementUri => new($"http://127.0.0.1:{ManagementPort}");

    public Task StartAsync() => RunScriptAsync("start");

    public Task StopAsync() => RunScriptAsync("stop");

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(_state, recursive: true);
    }

    private async Task RunScriptAsync(string action)
    {
        var info = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(RepositoryLayout.Root, "deploy", "local", "servers.sh"));
        info.ArgumentList.Add(action);
        info.ArgumentList.Add("rabbitmq");
        foreach (var (key, value) in _environment)
        {
            info.Environment[key] = value;
        }
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"servers.sh {action} rabbitmq failed: {await output}{await error}");
        }
    }
}

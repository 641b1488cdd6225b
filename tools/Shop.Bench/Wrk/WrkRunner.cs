using System.Globalization;
using Shop.Bench.Local;

namespace Shop.Bench.Wrk;

/// <summary>
/// Runs wrk (one thread, a fixed number of connections) pinned to one core with taskset, so the servers keep the
/// others; its figures are closed-model (README, Gateway benchmark).
/// </summary>
/// <param name="Core">The core wrk runs on.</param>
public sealed record WrkRunner(int Core)
{
    /// <summary>The last core: the benches leave the others to what they measure.</summary>
    public static WrkRunner OnLastCore() => new(Environment.ProcessorCount - 1);

    /// <summary>Load without measuring, for the JIT to tier up and the connections to settle.</summary>
    public async Task WarmAsync(Uri url, int connections, string duration, CancellationToken cancellationToken)
    {
        var command = Command(url, connections, duration, latency: false) with { QuietOutput = true };
        var exit = await ChildProcess.RunAsync(command, cancellationToken);
        if (exit != 0)
        {
            throw new IOException($"wrk on {url} exited with {exit}");
        }
    }

    /// <exception cref="IOException">wrk failed or printed no figures.</exception>
    public async Task<WrkOutput> MeasureAsync(Uri url, int connections, string duration, CancellationToken cancellationToken)
    {
        var (exit, output) = await ChildProcess.CaptureAsync(Command(url, connections, duration, latency: true), cancellationToken);
        if (exit != 0)
        {
            throw new IOException($"wrk on {url} exited with {exit}:\n{output}");
        }
        try
        {
            return WrkOutput.Parse(output);
        }
        catch (FormatException exception)
        {
            throw new IOException($"could not read wrk's figures for {url}: {exception.Message}", exception);
        }
    }

    private ChildCommand Command(Uri url, int connections, string duration, bool latency) =>
        new ChildCommand("wrk", [
            "-t1", "-c" + connections.ToString(CultureInfo.InvariantCulture), "-d" + duration,
            .. latency ? s_latency : [],
            url.ToString(),
        ]).OnCore(Core);

    private static readonly string[] s_latency = ["--latency"];
}

using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Shop.EndToEnd.Tests.Bench;

/// <summary>The benches' processes need the cores to themselves: their figures are CPU time and the kernel's throttling.</summary>
[CollectionDefinition(nameof(BenchRunsAlone), DisableParallelization = true)]
public sealed class BenchRunsAlone;

/// <summary><c>./shop bench …</c> as a user runs it, on a state folder of its own, with everything it printed kept in a log.</summary>
public static class ShopBenchProcess
{
    /// <summary>
    /// Runs <c>./shop bench</c> with <paramref name="arguments"/>; past <paramref name="longest"/> it gets SIGTERM, as
    /// Ctrl+C, and the exit is -1. Returns the exit code and what it printed, both streams in order.
    /// </summary>
    public static async Task<(int Exit, string Printed)> RunAsync(IReadOnlyList<string> arguments, string log, TimeSpan longest)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryLayout.Root, "shop"), "bench", .. arguments])
        {
            WorkingDirectory = RepositoryLayout.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // A state folder of its own: a developer's bench state (.shop/bench) is not wiped by the tests.
        start.Environment["SHOP_BENCH_STATE"] = Path.Combine(RepositoryLayout.Root, ".shop", "bench-test");
        start.Environment["SHOP_CONFIGURATION"] = RepositoryLayout.Configuration;
        using var bench = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        var printed = new StringBuilder();
        void Append(string? line)
        {
            if (line is not null)
            {
                lock (printed)
                {
                    printed.AppendLine(line);
                }
            }
        }
        bench.OutputDataReceived += (_, e) => Append(e.Data);
        bench.ErrorDataReceived += (_, e) => Append(e.Data);
        bench.BeginOutputReadLine();
        bench.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(longest);
        try
        {
            await bench.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // SIGTERM, as Ctrl+C: the bench stops its Shop and reports what it measured.
            Process.Start("kill", ["-TERM", bench.Id.ToString(CultureInfo.InvariantCulture)])?.WaitForExit();
            await bench.WaitForExitAsync(CancellationToken.None);
        }
        bench.WaitForExit();
        string text;
        lock (printed)
        {
            text = printed.ToString();
        }
        await File.WriteAllTextAsync(log, text);
        return (timeout.IsCancellationRequested ? -1 : bench.ExitCode, text);
    }

    public static string Tail(string text, int lines) => string.Join(Environment.NewLine, text.Split('\n').TakeLast(lines));
}

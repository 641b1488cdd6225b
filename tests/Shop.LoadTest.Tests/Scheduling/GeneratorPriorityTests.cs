using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Shop.LoadTest.Cli;

namespace Shop.LoadTest.Tests.Scheduling;

/// <summary>
/// --raise-priority, on the real tool in a process of its own (it starts a session of its own, which a test host must
/// not do): a target that accepts connections and never answers holds the generator in its setup while the test reads
/// the kernel's view of it.
/// </summary>
public sealed class GeneratorPriorityTests
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RaisePriority_AsRootWithAutogroup_RunsInASessionOfItsOwnAtNiceMinusTen()
    {
        using var silentTarget = new TcpListener(IPAddress.Loopback, 0);
        silentTarget.Start();
        var accepted = new List<Socket>();
        var accepting = Task.Run(async () =>
        {
            while (true)
            {
                accepted.Add(await silentTarget.AcceptSocketAsync());
            }
        });
        var port = ((IPEndPoint)silentTarget.LocalEndpoint).Port;
        var output = Path.Combine(Path.GetTempPath(), $"priority-{Guid.NewGuid():N}.json");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { typeof(LoadTestCli).Assembly.Location, "run", "--scenario", "smoke", "--target", $"http://127.0.0.1:{port}", "--out", output, "--no-progress", "--raise-priority" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var generator = Process.Start(start)!;
        try
        {
            var firstLine = await generator.StandardOutput.ReadLineAsync().WaitAsync(s_patience);
            Assert.NotNull(firstLine);
            var autogroupOn = File.Exists("/proc/self/autogroup") && File.ReadAllText("/proc/sys/kernel/sched_autogroup_enabled").Trim() == "1";
            if (!Environment.IsPrivilegedProcess || !autogroupOn)
            {
                // Elsewhere it must say plainly that it did not, and go on.
                Assert.Contains("priority", firstLine, StringComparison.Ordinal);
                Assert.DoesNotContain("priority raised", firstLine, StringComparison.Ordinal);
                return;
            }

            Assert.Equal("priority raised: a session of its own, autogroup nice -10", firstLine);
            var stat = await File.ReadAllTextAsync($"/proc/{generator.Id}/stat");
            // Fields after the command's closing parenthesis: state, ppid, pgrp, session.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            Assert.Equal(generator.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), fields[3]);
            Assert.EndsWith("nice -10", (await File.ReadAllTextAsync($"/proc/{generator.Id}/autogroup")).Trim(), StringComparison.Ordinal);
            Assert.DoesNotContain("nice -10", await File.ReadAllTextAsync("/proc/self/autogroup"), StringComparison.Ordinal);
        }
        finally
        {
            generator.Kill(entireProcessTree: true);
            await generator.WaitForExitAsync();
            silentTarget.Stop();
            foreach (var socket in accepted)
            {
                socket.Dispose();
            }
            File.Delete(output);
            _ = accepting.Exception;
        }
    }
}

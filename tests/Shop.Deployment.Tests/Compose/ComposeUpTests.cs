using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Shop.Deployment.Tests.Docker;
using Shop.LoadTest.Journeys;
using Shop.LoadTest.Running;
using Shop.LoadTest.Scenarios;
using Shop.Topology.Containers;
using Xunit.Abstractions;

namespace Shop.Deployment.Tests.Compose;

/// <summary>
/// <c>docker-compose up</c> for real, each profile in turn (xunit runs one test of a class at a time), on the engine of
/// <c>SHOP_TEST_DOCKER_HOST</c>, with the Shop images <c>./shop images</c> built and the local server stand-ins of
/// deploy/compose/local-servers.yml: every long-running service turns healthy without a restart, every migration job
/// exits 0 before its service starts, Prometheus scrapes every target, and the load generator's smoke scenario passes
/// through the published gateway port. Start-to-healthy times go to artifacts/test-results/compose/ (README figures).
/// </summary>
public sealed class ComposeUpTests(ITestOutputHelper output)
{
    private static readonly TimeSpan s_healthyWithin = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan s_targetsUpWithin = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromSeconds(1);
    private static readonly JsonSerializerOptions s_resultJson = new(JsonSerializerOptions.Web) { WriteIndented = true };

    public static string ResultsFolder => Repository.PathOf("artifacts/test-results/compose");

    [Theory]
    [MemberData(nameof(ComposeFileTests.Profiles), MemberType = typeof(ComposeFileTests))]
    public async Task Up_Profile_EveryServiceHealthyMigrationsFirstTargetsUpAndSmokePasses(string profile)
    {
        var engine = new DockerEngine(TestServers.DockerCli, TestServers.DockerHost);
        var run = await ComposeRun.CreateAsync(engine, profile);
        var project = await run.ResolveAsync();
        var active = project.Active(profile).Select(name => project.Services[name]).ToList();
        var servers = active.Where(s => s.Restart is "unless-stopped" or "always").Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var jobs = active.Where(s => s.Command.SequenceEqual(["migrate"])).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(active.Count, servers.Count + jobs.Count);
        Assert.DoesNotContain("grafana", servers);
        await RequireImagesAsync(engine, active);

        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var upSeconds = 0.0;
        async Task<ToolResult> UpAsync()
        {
            var result = await run.ComposeAsync("up", "-d", "--no-build");
            upSeconds = clock.Elapsed.TotalSeconds;
            return result;
        }
        // docker-compose 1.29's `up -d` itself waits for each depends_on condition; the containers are watched
        // meanwhile, since the engine keeps only the last five probes of each.
        var up = UpAsync();
        try
        {
            var containers = await WaitUntilHealthyAsync(run, servers, jobs, up);
            var healthyAt = containers.Where(c => servers.Contains(c.Service)).Max(c => c.FirstHealthyAt!.Value);
            AssertMigrationsFinishedFirst(containers, jobs);
            await AssertServersKeepWhatTheComposeFileReliesOnAsync(run, servers);
            var targets = await WaitUntilEveryTargetIsUpAsync(run, ExpectedTargets(project, active));
            var rules = await WaitUntilEveryRuleEvaluatesAsync(run);
            var smoke = await RunSmokeAsync(run);

            var result = new ComposeUpResult(
                profile,
                Environment.ProcessorCount,
                Math.Round(upSeconds, 1),
                Math.Round((healthyAt - started).TotalSeconds, 1),
                [.. containers.Where(c => servers.Contains(c.Service)).OrderBy(c => c.FirstHealthyAt).Select(c => new ServiceTiming(
                    c.Service,
                    Math.Round((c.StartedAt - started).TotalSeconds, 1),
                    Math.Round((c.FirstHealthyAt!.Value - c.StartedAt).TotalSeconds, 1)))],
                [.. containers.Where(c => jobs.Contains(c.Service)).OrderBy(c => c.StartedAt).Select(c => new JobTiming(
                    c.Service,
                    Math.Round((c.StartedAt - started).TotalSeconds, 1),
                    Math.Round((c.FinishedAt!.Value - c.StartedAt).TotalSeconds, 1),
                    c.ExitCode))],
                targets,
                rules,
                smoke);
            await WriteResultAsync(result, await run.LogsAsync(200));
            output.WriteLine(result.Describe());
        }
        catch
        {
            // A failure seen while `up` still runs: let it end before the logs are read and `down` removes everything.
            await up;
            Directory.CreateDirectory(ResultsFolder);
            await File.WriteAllTextAsync(Path.Combine(ResultsFolder, $"{profile}-failed-logs.txt"), await run.LogsAsync(200));
            throw;
        }
        finally
        {
            await run.DisposeAsync();
        }
    }

    private static async Task RequireImagesAsync(DockerEngine engine, IEnumerable<ComposeService> services)
    {
        var missing = new List<string>();
        foreach (var image in services.Select(s => s.Image!).Distinct(StringComparer.Ordinal))
        {
            if ((await engine.RunAsync(["image", "inspect", "--format", "{{.Id}}", image])).ExitCode != 0)
            {
                missing.Add(image);
            }
        }
        Assert.True(missing.Count == 0,
            $"the engine has no {string.Join(", ", missing)}: ./shop images builds the Shop images and the stand-ins (deploy/local/test.sh runs it before the tests).");
    }

    /// <summary>
    /// Waits until <c>up</c> has succeeded, every long-running service has one container that is healthy and every job
    /// one that exited; fails at once when <c>up</c> fails, a job fails or a server restarts, and at the deadline with
    /// the state of each container.
    /// </summary>
    private static async Task<IReadOnlyList<ComposeContainer>> WaitUntilHealthyAsync(ComposeRun run, HashSet<string> servers, HashSet<string> jobs, Task<ToolResult> up)
    {
        var deadline = Stopwatch.StartNew();
        // The engine keeps only the last five probes of a container, so the first passing one is remembered here.
        var firstHealthy = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        while (true)
        {
            var containers = (await run.ContainersAsync()).Select(c =>
            {
                if (c.FirstHealthyAt is { } seen && (!firstHealthy.TryGetValue(c.Name, out var earlier) || seen < earlier))
                {
                    firstHealthy[c.Name] = seen;
                }
                return firstHealthy.TryGetValue(c.Name, out var first) ? c with { FirstHealthyAt = first } : c;
            }).ToList();
            var failedJob = containers.FirstOrDefault(c => jobs.Contains(c.Service) && c.Status == "exited" && c.ExitCode != 0);
            var restarted = containers.FirstOrDefault(c => servers.Contains(c.Service) && (c.RestartCount > 0 || c.Status is "exited" or "restarting"));
            if (failedJob is not null || restarted is not null)
            {
                Assert.Fail($"{failedJob ?? restarted}{Environment.NewLine}{Describe(containers)}{Environment.NewLine}{await run.LogsAsync()}");
            }
            if (up.IsCompleted && (await up).ExitCode != 0)
            {
                Assert.Fail($"docker-compose up failed: {(await up).Describe()}{Environment.NewLine}{Describe(containers)}{Environment.NewLine}{await run.LogsAsync()}");
            }
            var done = up.IsCompleted && servers.All(name => containers.Count(c => c.Service == name) == 1 && containers.Single(c => c.Service == name) is { Health: "healthy", FirstHealthyAt: not null })
                && jobs.All(name => containers.Count(c => c.Service == name) == 1 && containers.Single(c => c.Service == name).Status == "exited");
            if (done)
            {
                return containers;
            }
            if (deadline.Elapsed > s_healthyWithin)
            {
                Assert.Fail($"not every service was healthy within {s_healthyWithin.TotalMinutes} min:{Environment.NewLine}{Describe(containers)}{Environment.NewLine}{await run.LogsAsync()}");
            }
            await Task.Delay(s_pollInterval);
        }
    }

    private static void AssertMigrationsFinishedFirst(IReadOnlyList<ComposeContainer> containers, IReadOnlySet<string> jobs)
    {
        Assert.NotEmpty(jobs);
        foreach (var job in jobs)
        {
            var migration = containers.Single(c => c.Service == job);
            var service = containers.Single(c => c.Service == job[..^"-migrate".Length]);
            Assert.True(migration.ExitCode == 0, $"{migration}");
            Assert.True(migration.FinishedAt <= service.StartedAt, $"{service.Service} started at {service.StartedAt:O}, before {job} finished at {migration.FinishedAt:O}");
        }
    }

    /// <summary>
    /// What docker-compose.yml assumes of the server images beyond their health checks, seen in the running servers:
    /// PostgreSQL ran the init script before it listened on TCP (so the TCP health check waited for it), Redis took
    /// the command line's settings, and RabbitMQ named its node after the fixed hostname (so the data volume stays its).
    /// </summary>
    private static async Task AssertServersKeepWhatTheComposeFileReliesOnAsync(ComposeRun run, HashSet<string> servers)
    {
        var postgres = await run.ComposeAsync("logs", "--no-color", "postgres");
        var initScript = postgres.Output.IndexOf("running /docker-entrypoint-initdb.d/10-shop-databases.sh", StringComparison.Ordinal);
        var tcp = postgres.Output.IndexOf("listening on IPv4 address", StringComparison.Ordinal);
        Assert.True(initScript >= 0 && tcp > initScript, $"PostgreSQL did not run the init script before listening on TCP:{Environment.NewLine}{postgres.Output}");

        var appendOnly = await run.ComposeAsync("exec", "-T", "redis", "redis-cli", "config", "get", "appendonly");
        Assert.True(appendOnly.ExitCode == 0, appendOnly.Describe());
        Assert.Equal(["appendonly", "yes"], appendOnly.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

        if (servers.Contains("rabbitmq"))
        {
            var node = await run.ComposeAsync("exec", "-T", "rabbitmq", "rabbitmqctl", "-q", "eval", "node().");
            Assert.True(node.ExitCode == 0, node.Describe());
            Assert.Equal("rabbit@rabbitmq", node.Output.Trim());
        }
    }

    /// <summary>
    /// The (job, service) pairs Prometheus must scrape: job "shop" for every Shop host of the profile, by the name the
    /// DNS discovery looks up (the monolith profile's gateway answers as "gateway"), and job "rabbitmq" where a broker runs.
    /// </summary>
    private static HashSet<string> ExpectedTargets(ComposeProject project, IReadOnlyList<ComposeService> active)
    {
        var expected = active
            .Where(s => s.BuildTarget is { } target && ShopImages.HttpTargets.Contains(target) && !s.Command.SequenceEqual(["migrate"]))
            .Select(s => $"shop/{(s.NetworkAliases.Contains("gateway") ? "gateway" : s.Name)}")
            .ToHashSet(StringComparer.Ordinal);
        if (active.Any(s => s.Name == "rabbitmq"))
        {
            expected.Add("rabbitmq/rabbitmq");
        }
        Assert.Contains("shop/gateway", expected);
        Assert.True(project.Services.ContainsKey("prometheus"));
        return expected;
    }

    private static async Task<IReadOnlyList<string>> WaitUntilEveryTargetIsUpAsync(ComposeRun run, IReadOnlySet<string> expected)
    {
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{run.PrometheusPort}/"), Timeout = TimeSpan.FromSeconds(10) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            using var targets = JsonDocument.Parse(await client.GetStringAsync("api/v1/targets?state=active"));
            var found = targets.RootElement.GetProperty("data").GetProperty("activeTargets").EnumerateArray().Select(t =>
            {
                var labels = t.GetProperty("labels");
                var service = labels.TryGetProperty("service", out var name) ? name.GetString() : labels.GetProperty("job").GetString();
                return (Name: $"{labels.GetProperty("job").GetString()}/{service}", Health: t.GetProperty("health").GetString(), Error: t.GetProperty("lastError").GetString());
            }).ToList();
            var up = found.Where(t => t.Health == "up").Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
            if (found.Count > 0 && found.All(t => t.Health == "up") && up.SetEquals(expected))
            {
                return [.. up.Order(StringComparer.Ordinal)];
            }
            if (deadline.Elapsed > s_targetsUpWithin)
            {
                Assert.Fail($"Prometheus did not report exactly [{string.Join(", ", expected.Order(StringComparer.Ordinal))}] up within {s_targetsUpWithin.TotalSeconds} s; " +
                    $"it has: {string.Join("; ", found.Select(t => $"{t.Name} {t.Health} {t.Error}"))}");
            }
            await Task.Delay(s_pollInterval);
        }
    }

    /// <summary>
    /// The Helm chart's alert rules as the stand-in's Prometheus (2.42, older than the official image's 2.55) evaluates
    /// them: every rule loaded and evaluated at least once without error, so none needs a newer PromQL.
    /// </summary>
    private static async Task<int> WaitUntilEveryRuleEvaluatesAsync(ComposeRun run)
    {
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{run.PrometheusPort}/"), Timeout = TimeSpan.FromSeconds(10) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            using var document = JsonDocument.Parse(await client.GetStringAsync("api/v1/rules"));
            var rules = document.RootElement.GetProperty("data").GetProperty("groups").EnumerateArray()
                .SelectMany(g => g.GetProperty("rules").EnumerateArray())
                .Select(r => (Name: r.GetProperty("name").GetString(), Health: r.GetProperty("health").GetString(), Error: r.TryGetProperty("lastError", out var e) ? e.GetString() : null))
                .ToList();
            var broken = rules.Where(r => r.Health == "err").ToList();
            Assert.True(broken.Count == 0, $"rules failing: {string.Join("; ", broken.Select(r => $"{r.Name}: {r.Error}"))}");
            if (rules.Count > 0 && rules.All(r => r.Health == "ok"))
            {
                return rules.Count;
            }
            if (deadline.Elapsed > s_targetsUpWithin)
            {
                Assert.Fail($"Prometheus loaded {rules.Count} rules, not all evaluated within {s_targetsUpWithin.TotalSeconds} s: {string.Join("; ", rules.Select(r => $"{r.Name} {r.Health}"))}");
            }
            await Task.Delay(s_pollInterval);
        }
    }

    /// <summary>The load generator's smoke scenario, in this process, against the gateway's published port.</summary>
    private static async Task<SmokeResult> RunSmokeAsync(ComposeRun run)
    {
        var settings = new RunSettings
        {
            Target = TargetAddress.Parse($"http://127.0.0.1:{run.GatewayPort}/", allowRemote: false),
            AdminKey = run.AdminKey,
            Seed = 20_251_207,
        };

        var report = await ShopLoad.RunScenarioAsync(ScenarioFile.Load("smoke"), settings, CancellationToken.None);

        var codes = string.Join("; ", report.Steps.Select(s =>
            $"{s.Name}: {string.Join(" ", s.StatusCodes.Select(c => $"{c.Key}×{c.Value}"))} timeouts {s.Timeouts} transport {s.TransportErrors}"));
        Assert.True(report.Completed, "the smoke run was interrupted");
        Assert.Equal(report.Totals.Started, report.Totals.Completed);
        Assert.True(report.Totals.Errors == 0, $"{report.Totals.Errors} failed requests: {codes}");
        Assert.All(report.Steps, step => Assert.DoesNotContain(step.StatusCodes.Keys, code => code.StartsWith('5')));
        Assert.Empty(report.ExceptionSamples);
        Assert.True(report.Orders.CheckoutsAccepted > 0, $"no checkout was accepted: {codes}");
        Assert.True(report.Orders.Confirmed > 0, $"no order confirmed: {report.Orders}");
        Assert.Equal(report.Orders.CheckoutsAccepted, report.Orders.Confirmed + report.Orders.Cancelled + report.Orders.Pending);
        return new SmokeResult(report.Totals.Requests, report.Totals.P50Ms, report.Totals.P99Ms, report.Orders.CheckoutsAccepted, report.Orders.Confirmed);
    }

    private static async Task WriteResultAsync(ComposeUpResult result, string logs)
    {
        Directory.CreateDirectory(ResultsFolder);
        await File.WriteAllTextAsync(Path.Combine(ResultsFolder, $"{result.Profile}.json"), JsonSerializer.Serialize(result, s_resultJson));
        await File.WriteAllTextAsync(Path.Combine(ResultsFolder, $"{result.Profile}-logs.txt"), logs);
    }

    private static string Describe(IEnumerable<ComposeContainer> containers) =>
        string.Join(Environment.NewLine, containers.OrderBy(c => c.Service, StringComparer.Ordinal).Select(c => $"  {c}"));

    /// <summary>What one compose-up measured: seconds from just before <c>up</c>, and each container's start-to-healthy.</summary>
    public sealed record ComposeUpResult(
        string Profile,
        int Cores,
        double UpCommandSeconds,
        double UpToAllHealthySeconds,
        IReadOnlyList<ServiceTiming> Services,
        IReadOnlyList<JobTiming> Migrations,
        IReadOnlyList<string> PrometheusTargetsUp,
        int PrometheusRulesEvaluated,
        SmokeResult Smoke)
    {
        public string Describe()
        {
            var lines = new List<string>
            {
                string.Create(CultureInfo.InvariantCulture, $"{Profile}: up -d returned after {UpCommandSeconds} s, every service healthy {UpToAllHealthySeconds} s after up started ({Cores} cores)"),
            };
            lines.AddRange(Services.Select(s => string.Create(CultureInfo.InvariantCulture, $"  {s.Service,-18} started +{s.StartedAfterSeconds,5} s, healthy {s.StartToHealthySeconds,5} s after its start")));
            lines.AddRange(Migrations.Select(j => string.Create(CultureInfo.InvariantCulture, $"  {j.Service,-18} started +{j.StartedAfterSeconds,5} s, exit {j.ExitCode} after {j.RunSeconds,5} s")));
            lines.Add($"  Prometheus targets up: {string.Join(", ", PrometheusTargetsUp)}; {PrometheusRulesEvaluated} alert rules evaluated without error");
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"  smoke: {Smoke.Requests} requests, p50 {Smoke.P50Ms:0.#} ms, p99 {Smoke.P99Ms:0.#} ms, {Smoke.CheckoutsAccepted} checkouts accepted, {Smoke.Confirmed} confirmed"));
            return string.Join(Environment.NewLine, lines);
        }
    }

    public sealed record ServiceTiming(string Service, double StartedAfterSeconds, double StartToHealthySeconds);

    public sealed record JobTiming(string Service, double StartedAfterSeconds, double RunSeconds, int ExitCode);

    public sealed record SmokeResult(long Requests, double P50Ms, double P99Ms, long CheckoutsAccepted, long Confirmed);
}

using Shop.Topology.Cli;

namespace Shop.Topology.Tests.Cli;

/// <summary>The command deploy/local/services.sh reads its plans from.</summary>
public sealed class TopologyCommandLineTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "shop-topology-" + Guid.NewGuid().ToString("N"));

    public TopologyCommandLineTests()
    {
        Directory.CreateDirectory(_directory);
        File.WriteAllText(Path.Combine(_directory, "signing-key"), "c2lnbmluZw==\n");
        File.WriteAllText(Path.Combine(_directory, "admin-key"), "the-admin-key");
    }

    private string EnvDirectory => Path.Combine(_directory, "env");

    public void Dispose()
    {
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void Plan_Microservices_PrintsOneLinePerEntryInStartOrder()
    {
        var (code, output, error) = Run(["plan", "--shape", "microservices", "--replicas", "catalog=2"]);

        Assert.True(code == 0, error);
        var lines = output.TrimEnd().Split('\n').Select(line => line.Split('\t')).ToList();
        Assert.Equal(["servers", "postgres", "redis", "rabbitmq"], lines[0]);
        Assert.Equal(["others", "monolith"], lines[1]);
        Assert.Equal(["command", "catalog", "services/Catalog/Shop.Catalog.Host", "Shop.Catalog.Host.dll", "1"], lines[2]);
        Assert.Equal(["command", "cart", "services/Cart/Shop.Cart.Host", "Shop.Cart.Host.dll", "0"], lines[3]);
        Assert.Equal(["replica", "catalog-2", "catalog", "services/Catalog/Shop.Catalog.Host", "Shop.Catalog.Host.dll", "5102", "5152", "-"], lines[7]);
        Assert.Equal(["gateway", "gateway", "gateway", "gateway/Shop.Gateway", "Shop.Gateway.dll", "8080", "-", "-"], lines[^1]);
        Assert.Equal(12, lines.Count);
    }

    [Fact]
    public void Plan_EnvironmentFiles_HoldEachProcessesSettingsReadableByTheOwnerOnly()
    {
        var (code, _, error) = Run(["plan", "--shape", "monolith", "--payment-latency", "00:00:00.020"]);

        Assert.True(code == 0, error);
        var monolith = File.ReadAllLines(Path.Combine(EnvDirectory, "monolith-1.env"));
        Assert.Contains("Auth__SigningKey=c2lnbmluZw==", monolith);
        Assert.Contains("ConnectionStrings__Shop=Host=127.0.0.1;Port=15432;Database=shop;Username=shop;Password=pw", monolith);
        Assert.Contains("Order__Payment__Latency=00:00:00.020", monolith);
        Assert.Contains("Kestrel__Endpoints__Http__Url=http://127.0.0.1:5501", monolith);
        Assert.DoesNotContain(File.ReadAllLines(Path.Combine(EnvDirectory, "monolith.command.env")), line => line.StartsWith("Kestrel__", StringComparison.Ordinal));
        Assert.Contains("Auth__AdminKey=the-admin-key", File.ReadAllLines(Path.Combine(EnvDirectory, "gateway.env")));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(EnvDirectory, "gateway.env")));
        }
    }

    [Fact]
    public void Plan_ReportingFaults_TurnTheSwitchOnInTheReportingHostsEnvironmentOnly()
    {
        var (code, _, error) = Run(["plan", "--shape", "microservices", "--reporting-faults"]);

        Assert.True(code == 0, error);
        var reporting = File.ReadAllLines(Path.Combine(EnvDirectory, "reporting-1.env"));
        Assert.Contains("Reporting__Faults__Enabled=true", reporting);
        Assert.Contains("ASPNETCORE_ENVIRONMENT=Bench", reporting);
        Assert.DoesNotContain(File.ReadAllLines(Path.Combine(EnvDirectory, "order-1.env")), line => line.StartsWith("Reporting__Faults__", StringComparison.Ordinal));
        Assert.DoesNotContain(File.ReadAllLines(Path.Combine(EnvDirectory, "gateway.env")), line => line.StartsWith("ASPNETCORE_ENVIRONMENT=", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_NoReportingFaults_LeavesTheSwitchOff()
    {
        var (code, _, error) = Run(["plan", "--shape", "monolith"]);

        Assert.True(code == 0, error);
        Assert.DoesNotContain(File.ReadAllLines(Path.Combine(EnvDirectory, "monolith-1.env")),
            line => line.StartsWith("Reporting__Faults__", StringComparison.Ordinal) || line.StartsWith("ASPNETCORE_ENVIRONMENT=", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_Running_FillsInOnlyHostsOfTheShapeThatReplicasDoesNotName()
    {
        var (code, output, error) = Run(["plan", "--shape", "microservices", "--running", "catalog=3,order=2,monolith=2,fp=1", "--replicas", "catalog=1"]);

        Assert.True(code == 0, error);
        var replicas = output.Split('\n').Where(l => l.StartsWith("replica\t", StringComparison.Ordinal)).Select(l => l.Split('\t')[1]);
        Assert.Equal(["catalog-1", "cart-1", "order-1", "order-2", "reporting-1"], replicas);
    }

    [Fact]
    public void Plan_Cpus_PrintsTheLimitOfEveryReplicaAndOfTheGateway()
    {
        var (code, output, error) = Run(["plan", "--shape", "microservices", "--replicas", "catalog=2", "--cpus", "catalog=0.3", "--cpus=gateway=500m"]);

        Assert.True(code == 0, error);
        Assert.Equal([("catalog-1", "0.3"), ("catalog-2", "0.3"), ("cart-1", "-"), ("order-1", "-"), ("reporting-1", "-"), ("gateway", "0.5")], Limits(output));
    }

    [Fact]
    public void Plan_RunningCpus_StayUnlessCpusChangesOrRemovesThem()
    {
        var (code, output, error) = Run(["plan", "--shape", "microservices",
            "--running-cpus", "catalog=0.3,order=0.5,monolith=1,gateway=1", "--cpus", "order=none,cart=0.2"]);

        Assert.True(code == 0, error);
        Assert.Equal([("catalog-1", "0.3"), ("cart-1", "0.2"), ("order-1", "-"), ("reporting-1", "-"), ("gateway", "1")], Limits(output));
    }

    [Fact]
    public void Plan_ShapeOf_PlansTheShapeThatRunsTheHost()
    {
        var (code, output, error) = Run(["plan", "--shape-of", "reporting"]);

        Assert.True(code == 0, error);
        Assert.Contains("command\treporting\t", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(EnvDirectory, "reporting.command.env")));
    }

    [Theory]
    [InlineData("--replicas", "monolith=2", "monolith is not part of the microservices shape")]
    [InlineData("--replicas", "catalog=0", "replicas of catalog must be between 1 and 9")]
    [InlineData("--replicas", "catalog", "--replicas takes name=count")]
    [InlineData("--rate-limit", "maybe", "--rate-limit takes true or false")]
    [InlineData("--payment-failure-rate", "2", "--payment-failure-rate takes a number from 0 to 1")]
    [InlineData("--postgres", "localhost", "--postgres takes host:port")]
    [InlineData("--rabbitmq", "http://x/", "--rabbitmq takes amqp://")]
    [InlineData("--colour", "red", "Unknown option --colour")]
    [InlineData("--shape", "monolith", "--shape is given twice")]
    [InlineData("--cpus", "catalog=fast", "--cpus catalog=fast: a CPU limit is a number of cores such as 0.25")]
    [InlineData("--cpus", "catalog", "--cpus takes host=cores")]
    [InlineData("--cpus", "monolith=1", "monolith is not part of the microservices shape, so it cannot have a CPU limit")]
    [InlineData("--cpus", "catalog=100000", "the CPU limit of catalog must be between 0.01 and")]
    [InlineData("--cpus", "search=none", "unknown service 'search'")]
    public void Plan_BadOption_ExitsWithTwoAndSaysWhy(string option, string value, string message)
    {
        var (code, _, error) = Run(["plan", "--shape", "microservices", option, value]);

        Assert.Equal(2, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_MissingSecretFile_ExitsWithTwoAndNamesTheFile()
    {
        File.Delete(Path.Combine(_directory, "admin-key"));

        var (code, _, error) = Run(["plan", "--shape", "microservices"]);

        Assert.Equal(2, code);
        Assert.Contains("admin-key", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Targets_LiveProcesses_BecomeLabelledTargetsAndDeadOnesAreLeftOut()
    {
        var run = Path.Combine(_directory, "run");
        Directory.CreateDirectory(run);
        File.WriteAllText(Path.Combine(run, "catalog-2.port"), "5102\n");
        File.WriteAllText(Path.Combine(run, "catalog-2.pid"), Environment.ProcessId + "\n");
        File.WriteAllText(Path.Combine(run, "gateway.port"), "8080\n");
        File.WriteAllText(Path.Combine(run, "gateway.pid"), Environment.ProcessId + "\n");
        File.WriteAllText(Path.Combine(run, "order-1.port"), "5301\n");
        File.WriteAllText(Path.Combine(run, "order-1.pid"), "2147483000\n");
        var targets = Path.Combine(_directory, "prometheus", "targets.json");

        var (code, _, error) = Run(["targets", "--run-dir", run, "--out", targets]);

        Assert.True(code == 0, error);
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(targets));
        var entries = json.RootElement.EnumerateArray()
            .Select(e => (Target: e.GetProperty("targets")[0].GetString(), Service: e.GetProperty("labels").GetProperty("service").GetString(), Replica: e.GetProperty("labels").GetProperty("replica").GetString()))
            .ToList();
        Assert.Equal([("127.0.0.1:5102", "catalog", "catalog-2"), ("127.0.0.1:8080", "gateway", "gateway")], entries);
    }

    [Fact]
    public void Cgroup_CreateStatRemove_MakeShowAndRemoveTheCgroupOfAProcess()
    {
        var state = Path.Combine(_directory, "state");

        var (created, launcher, createError) = Run(["cgroup", "create", "--state", state, "--name", "catalog-1", "--cpus", "0.3"]);
        var (listed, stats, _) = Run(["cgroup", "stat", "--state", state]);
        var (removed, _, removeError) = Run(["cgroup", "remove", "--state", state, "--name", "catalog-1"]);
        var (listedAfter, statsAfter, _) = Run(["cgroup", "stat", "--state", state]);

        Assert.True(created == 0, createError);
        var words = launcher.TrimEnd('\n').Split('\n');
        Assert.Equal(["/bin/sh", "-c"], words[..2]);
        Assert.Equal("--", words[^1]);
        Assert.All(words[4..^1], file => Assert.EndsWith("/catalog-1/cgroup.procs", file, StringComparison.Ordinal));
        Assert.Equal(0, listed);
        Assert.Equal(["catalog-1", "0.3", "0", "0", "0", "0", "not run yet"], stats.TrimEnd('\n').Split('\t'));
        Assert.True(removed == 0, removeError);
        Assert.All(words[4..^1], file => Assert.False(Directory.Exists(Path.GetDirectoryName(file))));
        Assert.Equal((0, ""), (listedAfter, statsAfter));
    }

    [Fact]
    public void Cgroup_RemoveAllOfADeploymentWithoutCgroups_DoesNothing()
    {
        var (code, output, error) = Run(["cgroup", "remove", "--state", Path.Combine(_directory, "never-limited"), "--all"]);

        Assert.True(code == 0, error);
        Assert.Equal("", output);
    }

    [Fact]
    public void Cgroup_Check_NamesTheHierarchy()
    {
        var (code, output, error) = Run(["cgroup", "check"]);

        Assert.True(code == 0, error);
        Assert.Matches("^cgroup v[12]: cpu controller at /", output);
    }

    [Theory]
    [InlineData(new[] { "cgroup" }, "cgroup takes check, create, stat or remove")]
    [InlineData(new[] { "cgroup", "create", "--state", "/tmp/x", "--name", "a-1" }, "--cpus is required")]
    [InlineData(new[] { "cgroup", "create", "--state", "/tmp/x", "--name", "../a", "--cpus", "1" }, "a limited process is named with letters")]
    [InlineData(new[] { "cgroup", "remove", "--state", "/tmp/x" }, "cgroup remove takes --name <process> or --all")]
    public void Cgroup_BadArguments_SaysWhy(string[] arguments, string message)
    {
        var (code, _, error) = Run(arguments);

        Assert.NotEqual(0, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_PrintsTheUsage()
    {
        var (code, output, _) = Run(["help"]);

        Assert.Equal(0, code);
        Assert.Contains("Usage: Shop.Topology", output, StringComparison.Ordinal);
    }

    private static List<(string Name, string Cpus)> Limits(string planOutput) =>
        [.. planOutput.Split('\n').Where(l => l.StartsWith("replica\t", StringComparison.Ordinal) || l.StartsWith("gateway\t", StringComparison.Ordinal))
            .Select(l => l.Split('\t')).Select(f => (f[1], f[7]))];

    private (int Code, string Output, string Error) Run(string[] arguments)
    {
        string[] servers = arguments[0] == "plan"
            ?
            [
                "--env-dir", EnvDirectory, "--postgres", "127.0.0.1:15432", "--postgres-user", "shop", "--postgres-password", "pw",
                "--redis", "127.0.0.1:16379", "--rabbitmq", "amqp://shop:shop@127.0.0.1:15673/",
                "--signing-key-file", Path.Combine(_directory, "signing-key"), "--admin-key-file", Path.Combine(_directory, "admin-key"),
            ]
            : [];
        // The test's own value of an option replaces the default one.
        var defaults = new List<string>();
        for (var i = 0; i + 1 < servers.Length; i += 2)
        {
            if (!arguments.Contains(servers[i]))
            {
                defaults.AddRange([servers[i], servers[i + 1]]);
            }
        }
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = TopologyCommandLine.Run([arguments[0], .. defaults, .. arguments[1..]], output, error);
        return (code, output.ToString(), error.ToString());
    }
}

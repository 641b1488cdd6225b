using System.Globalization;
using System.Text;
using System.Text.Json;
using Shop.CommandLine;
using Shop.Topology.Hosts;
using Shop.Topology.Limits;
using Shop.Topology.Planning;

namespace Shop.Topology.Cli;

/// <summary>
/// What deploy/local/services.sh asks the topology for: the plan of a deployment as lines bash can read, with each
/// process's environment in a file of its own, the Prometheus targets of what runs, and the cgroups of the processes
/// with a CPU limit.
/// </summary>
public static class TopologyCommandLine
{
    public const string Usage = """
        Usage: Shop.Topology <command> [options]

          plan     --shape microservices|monolith | --shape-of <host>
                   --env-dir <dir> --postgres host:port --postgres-user <user> --postgres-password <password>
                   --redis <configuration> [--rabbitmq amqp://user:password@host:port/vhost]
                   --signing-key-file <file> --admin-key-file <file>
                   [--replicas catalog=2,order=2] [--running catalog=1,...] [--database-suffix <suffix>]
                   [--cpus catalog=0.3,order=500m,gateway=1] [--running-cpus catalog=0.3,...]
                   [--port-offset N] [--gateway-port P]
                   [--payment-failure-rate R] [--payment-latency hh:mm:ss.fff] [--rate-limit true|false]
                   [--reporting-faults]
                   prints the deployment, one tab-separated line per entry, in start order:
                     servers  <server> ...                                      what the shape's hosts need
                     others   <host> ...                                        the other shape's hosts
                     command  <host> <project> <dll> <migrates: 1|0>          environment in <dir>/<host>.command.env
                     replica  <name> <host> <project> <dll> <port> <upstream> <cpus>   environment in <dir>/<name>.env
                     gateway  gateway gateway <project> <dll> <port> - <cpus>          environment in <dir>/gateway.env
                   --replicas are checked against the shape; --running (what runs now) only fills in hosts --replicas
                   does not name, and is ignored for hosts of another shape. --cpus gives every replica of a host (or
                   the gateway) a CPU limit in cores (0.25) or millicores (250m), from 0.01 to this machine's cores;
                   host=none takes one away; --running-cpus (the limits of what runs now) fills in the hosts --cpus does
                   not name. <cpus> is the planned limit in cores, or - for none. --reporting-faults turns on the
                   reporting module's CPU hog endpoints (Reporting__Faults__Enabled=true) on the hosts that run it,
                   which then run as ASPNETCORE_ENVIRONMENT=Bench (the module refuses the switch in Production).
          targets  --run-dir <dir> --out <file>
                   Prometheus file_sd targets for every process of <dir> (<name>.port, <name>.pid) that is alive
          cgroup check
                   says which cgroup hierarchy CPU limits use here (cgroup v1 cpu controller, or v2)
          cgroup create --state <dir> --name <process> --cpus <cores>
                   makes the process's cgroup, shop/<scope of the state folder>/<process>, with that quota, and prints
                   what to put before its command so that it runs inside from its first instruction, one word a line:
                     /bin/sh -c <script> shop-cgroup <cgroup.procs file>... --
          cgroup stat --state <dir> [--name <process>]
                   one tab-separated line per cgroup of the deployment (none without cgroups):
                     <process> <cpus> <periods> <throttled periods> <throttled seconds> <usage seconds|-> <summary>
          cgroup remove --state <dir> (--name <process> | --all)
                   removes the cgroups whose processes are gone (nothing to do without a cpu controller)

        Exit codes: 0 done, 1 cgroups cannot do it (no cpu controller, not root, a process still inside),
        2 bad arguments or a deployment that cannot be planned.
        """;

    /// <summary>The machine's cgroups cannot do what was asked; the arguments were right.</summary>
    private const int CgroupFailureExitCode = 1;

    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    private static readonly CommandSyntax s_plan = new("plan")
    {
        Values =
        [
            "shape", "shape-of", "env-dir", "postgres", "postgres-user", "postgres-password", "database-suffix", "redis", "rabbitmq",
            "signing-key-file", "admin-key-file", "port-offset", "gateway-port", "payment-failure-rate", "payment-latency", "rate-limit",
        ],
        Repeatable = ["replicas", "running", "cpus", "running-cpus"],
        Flags = ["reporting-faults"],
    };

    private static readonly CommandSyntax s_targets = new("targets") { Values = ["run-dir", "out"] };

    private static readonly CommandSyntax s_cgroupCheck = new("cgroup check");

    private static readonly CommandSyntax s_cgroupCreate = new("cgroup create") { Values = ["state", "name", "cpus"] };

    private static readonly CommandSyntax s_cgroupStat = new("cgroup stat") { Values = ["state", "name"] };

    private static readonly CommandSyntax s_cgroupRemove = new("cgroup remove") { Values = ["state", "name"], Flags = ["all"] };

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count == 0 || args[0] is "help" or "-h" or "--help")
        {
            output.WriteLine(Usage);
            return args.Count == 0 ? 2 : 0;
        }
        try
        {
            var rest = args.Skip(1).ToList();
            switch (args[0])
            {
                case "plan":
                    WritePlan(CommandArguments.Parse(rest, s_plan), output);
                    return 0;
                case "targets":
                    var targets = CommandArguments.Parse(rest, s_targets);
                    WriteTargets(targets.Required("run-dir"), targets.Required("out"));
                    return 0;
                case "cgroup":
                    RunCgroup(rest, output);
                    return 0;
                default:
                    throw new UsageException($"unknown command '{args[0]}'");
            }
        }
        catch (Exception exception) when (exception is TopologyException or UsageException)
        {
            error.WriteLine($"error: {exception.Message}");
            return UsageException.ExitCode;
        }
        catch (CgroupException exception)
        {
            error.WriteLine($"error: {exception.Message}");
            return CgroupFailureExitCode;
        }
    }

    private static void RunCgroup(List<string> args, TextWriter output)
    {
        var rest = args.Skip(1).ToList();
        switch (args.Count > 0 ? args[0] : "")
        {
            case "check":
                CommandArguments.Parse(rest, s_cgroupCheck);
                output.WriteLine(CpuCgroups.Detect().Description);
                break;
            case "create":
                var create = CommandArguments.Parse(rest, s_cgroupCreate);
                var cgroup = CpuCgroups.Detect().Create(
                    CgroupScope.ForState(create.Required("state")), create.Required("name"), CpuLimit.Parse(create.Required("cpus")));
                foreach (var word in cgroup.Launcher)
                {
                    output.WriteLine(word);
                }
                break;
            case "stat":
                var stat = CommandArguments.Parse(rest, s_cgroupStat);
                WriteCgroupStats(CgroupScope.ForState(stat.Required("state")), stat.Value("name"), output);
                break;
            case "remove":
                var remove = CommandArguments.Parse(rest, s_cgroupRemove);
                RemoveCgroups(CgroupScope.ForState(remove.Required("state")), remove.Value("name"), remove.Flag("all"));
                break;
            default:
                throw new UsageException("cgroup takes check, create, stat or remove");
        }
    }

    /// <summary>What ./shop status shows of every limited process; a machine without a cpu controller has nothing to show.</summary>
    private static void WriteCgroupStats(CgroupScope scope, string? name, TextWriter output)
    {
        if (TryDetectCgroups() is not { } cgroups)
        {
            return;
        }
        var all = name is null ? cgroups.InScope(scope) : [cgroups.Cgroup(scope, name)];
        foreach (var cgroup in all.Where(c => c.Exists))
        {
            var stat = cgroup.ReadStat();
            output.WriteLine(Line(cgroup.Name, cgroup.Limit?.ToString() ?? "-", stat.Periods.ToString(CultureInfo.InvariantCulture), stat.ThrottledPeriods.ToString(CultureInfo.InvariantCulture),
                Seconds(stat.ThrottledTime), stat.Usage is { } usage ? Seconds(usage) : "-", stat.Summary));
        }
    }

    private static void RemoveCgroups(CgroupScope scope, string? name, bool all)
    {
        if ((name is null) == !all)
        {
            throw new UsageException("cgroup remove takes --name <process> or --all");
        }
        if (TryDetectCgroups() is not { } cgroups)
        {
            return;
        }
        if (name is null)
        {
            cgroups.RemoveScope(scope);
        }
        else
        {
            cgroups.Cgroup(scope, name).Remove(TimeSpan.FromSeconds(5));
        }
    }

    // Stopping and showing must work on a machine that never had limits; only making a cgroup insists on one.
    private static CpuCgroups? TryDetectCgroups()
    {
        try
        {
            return CpuCgroups.Detect();
        }
        catch (CgroupException)
        {
            return null;
        }
    }

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    private static void WritePlan(CommandArguments options, TextWriter output)
    {
        var plan = DeploymentPlanner.Plan(Request(options));
        var directory = options.Required("env-dir");
        Directory.CreateDirectory(directory);
        output.WriteLine(Line(["servers", .. plan.Servers.Select(s => s.ToString().ToLowerInvariant())]));
        output.WriteLine(Line(["others", .. ShopTopology.ServiceHosts.Where(h => !plan.Shape.Contains(h)).Select(h => h.Name)]));
        foreach (var command in plan.Commands)
        {
            WriteEnvironment(Path.Combine(directory, command.Host.Name + ".command.env"), command.Environment);
            output.WriteLine(Line("command", command.Host.Name, command.Host.Project, command.Host.AssemblyFile, command.Host.Migrates ? "1" : "0"));
        }
        foreach (var replica in plan.Replicas)
        {
            WriteEnvironment(Path.Combine(directory, replica.Name + ".env"), replica.Environment);
            output.WriteLine(Line("replica", replica.Name, replica.Host.Name, replica.Host.Project, replica.Host.AssemblyFile,
                Number(replica.Port), replica.UpstreamPort is { } upstream ? Number(upstream) : "-", Limit(replica)));
        }
        var gateway = plan.Gateway;
        WriteEnvironment(Path.Combine(directory, gateway.Name + ".env"), gateway.Environment);
        output.WriteLine(Line("gateway", gateway.Name, gateway.Host.Name, gateway.Host.Project, gateway.Host.AssemblyFile, Number(gateway.Port), "-", Limit(gateway)));
    }

    private static string Limit(PlannedProcess process) => process.CpuLimit?.ToString() ?? "-";

    private static DeploymentRequest Request(CommandArguments options)
    {
        var shape = options.Value("shape-of") is { } host
            ? ShopShape.All.FirstOrDefault(s => s.Contains(ShopTopology.Host(host))) ?? throw new TopologyException($"no shape runs '{host}'")
            : ShopShape.Named(options.Required("shape"));
        var (postgresHost, postgresPort) = HostAndPort(options.Required("postgres"), "--postgres");
        var servers = new ServerAddresses(
            new PostgresServer(postgresHost, postgresPort, options.Required("postgres-user"), options.Required("postgres-password"),
                options.Value("database-suffix") ?? ""),
            options.Required("redis"),
            options.Value("rabbitmq") is { } rabbitMq ? AmqpUri(rabbitMq) : null);
        var secrets = new ShopSecrets(ReadSecret(options.Required("signing-key-file")), ReadSecret(options.Required("admin-key-file")));

        var replicas = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, count) in Counts(options.All("running"), "--running"))
        {
            if (shape.Services.Any(h => h.Name == name) && count > 0)
            {
                replicas[name] = count;
            }
        }
        foreach (var (name, count) in Counts(options.All("replicas"), "--replicas"))
        {
            if (count < 1)
            {
                throw new TopologyException($"replicas of {name} must be between 1 and {ShopTopology.MaxReplicas}");
            }
            replicas[name] = count;
        }
        var limits = new Dictionary<string, CpuLimit>(StringComparer.Ordinal);
        foreach (var (name, limit) in CpuLimitSpecs.Parse(options.All("running-cpus"), "--running-cpus"))
        {
            if (limit is not null && (name == ShopTopology.Gateway.Name || shape.Services.Any(h => h.Name == name)))
            {
                limits[name] = limit;
            }
        }
        foreach (var (name, limit) in CpuLimitSpecs.Parse(options.All("cpus"), "--cpus"))
        {
            ShopTopology.Host(name);
            if (limit is null)
            {
                limits.Remove(name);
            }
            else
            {
                limits[name] = limit;
            }
        }
        var ports = new FixedPorts(
            Integer(options.Value("port-offset") ?? "0", "--port-offset"),
            Integer(options.Value("gateway-port") ?? ShopTopology.DefaultGatewayPort.ToString(CultureInfo.InvariantCulture), "--gateway-port"));
        return new DeploymentRequest(shape, servers, secrets, ports)
        {
            Replicas = replicas,
            CpuLimits = limits,
            Payment = new PaymentSettings(
                options.Value("payment-failure-rate") is { } rate ? FailureRate(rate) : null,
                options.Value("payment-latency")),
            ReportingFaults = options.Flag("reporting-faults"),
            GatewayRateLimit = (options.Value("rate-limit") ?? "true") switch
            {
                "true" => true,
                "false" => false,
                var other => throw new TopologyException($"--rate-limit takes true or false, got '{other}'"),
            },
        };
    }

    /// <summary>file_sd: one target per live process, labelled by service (the name without its replica number) and replica.</summary>
    private static void WriteTargets(string runDirectory, string outputFile)
    {
        var targets = new List<object>();
        var portFiles = Directory.Exists(runDirectory) ? Directory.GetFiles(runDirectory, "*.port") : [];
        foreach (var portFile in portFiles.Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(portFile);
            var pidFile = Path.ChangeExtension(portFile, ".pid");
            if (!File.Exists(pidFile) || !int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), CultureInfo.InvariantCulture, out var pid)
                || !Directory.Exists($"/proc/{pid}"))
            {
                continue;
            }
            var port = File.ReadAllText(portFile).Trim();
            var dash = name.LastIndexOf('-');
            var service = dash > 0 && name[(dash + 1)..].All(char.IsAsciiDigit) ? name[..dash] : name;
            targets.Add(new { targets = new[] { $"127.0.0.1:{port}" }, labels = new { service, replica = name } });
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outputFile))!);
        var temporary = outputFile + ".new";
        File.WriteAllText(temporary, JsonSerializer.Serialize(targets, s_indented) + "\n");
        // Prometheus rereads the file when it changes: a rename never shows it half written.
        File.Move(temporary, outputFile, overwrite: true);
    }

    private static void WriteEnvironment(string path, IEnumerable<KeyValuePair<string, string>> environment)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in environment)
        {
            if (value.Contains('\n', StringComparison.Ordinal))
            {
                throw new TopologyException($"{key} holds a line break, which an environment file cannot carry");
            }
            text.Append(key).Append('=').Append(value).Append('\n');
        }
        // Signing key, admin key and passwords: readable by the owner only, like the secrets folder.
        var temporary = path + ".new";
        var create = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var file = new FileStream(temporary, create))
        using (var writer = new StreamWriter(file))
        {
            writer.Write(text.ToString());
        }
        File.Move(temporary, path, overwrite: true);
    }

    private static string ReadSecret(string path)
    {
        try
        {
            var secret = File.ReadAllText(path).Trim();
            return secret.Length > 0 ? secret : throw new TopologyException($"{path} is empty");
        }
        catch (IOException exception)
        {
            throw new TopologyException($"cannot read {path}: {exception.Message}");
        }
    }

    private static IEnumerable<(string Name, int Count)> Counts(IEnumerable<string> specs, string option)
    {
        foreach (var part in specs.SelectMany(spec => spec.Split(',', StringSplitOptions.RemoveEmptyEntries)))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || !int.TryParse(part[(equals + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                throw new TopologyException($"{option} takes name=count[,name=count], got '{part}'");
            }
            yield return (part[..equals], count);
        }
    }

    private static (string Host, int Port) HostAndPort(string value, string option)
    {
        var colon = value.LastIndexOf(':');
        return colon > 0 && int.TryParse(value[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? (value[..colon], port)
            : throw new TopologyException($"{option} takes host:port, got '{value}'");
    }

    private static string AmqpUri(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "amqp" or "amqps"
            ? value
            : throw new TopologyException($"--rabbitmq takes amqp://user:password@host:port/vhost, got '{value}'");

    private static double FailureRate(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate is >= 0 and <= 1
            ? rate
            : throw new TopologyException($"--payment-failure-rate takes a number from 0 to 1, got '{value}'");

    private static int Integer(string value, string option) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new TopologyException($"{option} takes a whole number, got '{value}'");

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Line(params IEnumerable<string> fields) => string.Join('\t', fields);
}

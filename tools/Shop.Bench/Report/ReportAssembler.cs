using Shop.Bench.Invariants;
using Shop.Bench.Prometheus;
using Shop.LoadTest.Reports;

namespace Shop.Bench.Report;

/// <summary>
/// Reads a bench folder as deploy/local/bench-shop.sh leaves it and makes one <see cref="BenchReport"/> of it:
/// <code>
/// bench.json  footprint.json?
/// ceilings/wrk-plain-direct.json  ceilings/wrk-plain-gateway.json  ceilings/max-rate.json
/// &lt;shape&gt;/shape.json run.json capacity.json invariants.json invariants-after-capacity.json prometheus.json processes.ndjson
/// </code>
/// Every file may be missing; what is missing becomes a validity flag, not a failure.
/// </summary>
public static class ReportAssembler
{
    public const string SettingsFile = "bench.json";
    public const string FootprintFile = "footprint.json";
    public const string CeilingsFolder = "ceilings";
    public const string WrkPlainDirectFile = "wrk-plain-direct.json";
    public const string WrkPlainGatewayFile = "wrk-plain-gateway.json";
    public const string MaxRateFile = "max-rate.json";
    public const string ShapeFile = "shape.json";
    public const string RunFile = "run.json";
    public const string CapacityFile = "capacity.json";
    public const string InvariantsFile = "invariants.json";
    public const string InvariantsAfterCapacityFile = "invariants-after-capacity.json";
    public const string PrometheusFile = "prometheus.json";
    public const string ProcessesFile = "processes.ndjson";

    public static async Task<BenchReport> AssembleAsync(string directory, MachineInfo machine, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settings = await BenchJson.ReadIfExistsAsync<BenchSettings>(Path.Combine(directory, SettingsFile), cancellationToken) ?? new BenchSettings();
        var ceilings = await ReadCeilingsAsync(Path.Combine(directory, CeilingsFolder), cancellationToken);
        var footprint = await BenchJson.ReadIfExistsAsync<Footprint>(Path.Combine(directory, FootprintFile), cancellationToken);

        var names = settings.Shapes.Count > 0
            ? settings.Shapes
            : new[] { ShapeNames.Microservices, ShapeNames.Monolith }.Where(n => Directory.Exists(Path.Combine(directory, n))).ToList();
        var shapes = new List<ShapeReport>();
        foreach (var name in names.Where(n => Directory.Exists(Path.Combine(directory, n))))
        {
            shapes.Add(await ReadShapeAsync(Path.Combine(directory, name), name, ceilings, cancellationToken));
        }

        var comparison = ComparisonCalculator.Compare(
            shapes.FirstOrDefault(s => s.Name == ShapeNames.Microservices),
            shapes.FirstOrDefault(s => s.Name == ShapeNames.Monolith),
            footprint);
        var report = new BenchReport
        {
            CreatedAt = now,
            Settings = settings,
            Machine = machine,
            Ceilings = ceilings,
            Footprint = footprint,
            Shapes = shapes,
            Comparison = comparison,
            Goals = Goals.Evaluate(ceilings, shapes, comparison),
            Validity = ValidityChecks.Evaluate(settings, ceilings, footprint, shapes),
        };
        return report with { Verdict = ValidityChecks.Verdict(report.Validity, shapes), Reading = ReadingWriter.Write(report) };
    }

    public static async Task<Ceilings> ReadCeilingsAsync(string directory, CancellationToken cancellationToken)
    {
        var direct = await BenchJson.ReadIfExistsAsync<WrkResult>(Path.Combine(directory, WrkPlainDirectFile), cancellationToken);
        var gateway = await BenchJson.ReadIfExistsAsync<WrkResult>(Path.Combine(directory, WrkPlainGatewayFile), cancellationToken);
        var generator = await ReportFile.ReadIfExistsAsync<MaxRateReport>(Path.Combine(directory, MaxRateFile), cancellationToken);
        return new Ceilings
        {
            PlainDirect = direct,
            PlainThroughGateway = gateway,
            Generator = generator,
            GeneratorToWrk = Ratios.Of(generator?.RequestsPerSecond, direct?.Rps),
            GatewayToDirect = Ratios.Of(gateway?.Rps, direct?.Rps),
        };
    }

    private static async Task<ShapeReport> ReadShapeAsync(string directory, string name, Ceilings ceilings, CancellationToken cancellationToken)
    {
        var start = await BenchJson.ReadIfExistsAsync<ShapeStart>(Path.Combine(directory, ShapeFile), cancellationToken) ?? new ShapeStart { Shape = name };
        var run = await ReportFile.ReadIfExistsAsync<RunReport>(Path.Combine(directory, RunFile), cancellationToken);
        var capacity = await ReportFile.ReadIfExistsAsync<CapacityReport>(Path.Combine(directory, CapacityFile), cancellationToken);
        var invariants = new List<InvariantReport>();
        foreach (var file in new[] { InvariantsFile, InvariantsAfterCapacityFile })
        {
            if (await BenchJson.ReadIfExistsAsync<InvariantReport>(Path.Combine(directory, file), cancellationToken) is { } report)
            {
                invariants.Add(report);
            }
        }
        var prometheus = await BenchJson.ReadIfExistsAsync<PrometheusCapture>(Path.Combine(directory, PrometheusFile), cancellationToken);
        var processesPath = Path.Combine(directory, ProcessesFile);
        var usage = File.Exists(processesPath) ? await ProcessUsage.ReadAsync(processesPath, cancellationToken) : new ProcessUsage([]);
        return new ShapeReport
        {
            Name = name,
            Start = start,
            Run = run,
            Capacity = capacity,
            Invariants = invariants,
            Prometheus = prometheus,
            ProcessSamples = usage.Samples,
            Figures = ShapeFiguresCalculator.Calculate(run, capacity, invariants, prometheus, usage, ceilings),
        };
    }
}

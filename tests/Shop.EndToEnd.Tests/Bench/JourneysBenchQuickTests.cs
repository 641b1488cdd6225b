using System.Diagnostics;
using System.Text.RegularExpressions;
using Shop.Bench;
using Shop.Bench.Journeys;
using Shop.Bench.Sampling;
using Xunit.Abstractions;

namespace Shop.EndToEnd.Tests.Bench;

/// <summary>
/// <c>./shop bench journeys --quick</c> as a user runs it: both shapes, each journey alone, journeys.json and report.md.
/// It checks that the costs are what was measured (the processes each journey crosses used CPU, the requests per
/// journey are the journey's own), not what they amount to: --quick's windows are too short for figures to quote.
/// </summary>
[Collection(nameof(BenchRunsAlone))]
public sealed partial class JourneysBenchQuickTests(ITestOutputHelper output)
{
    private static readonly TimeSpan s_longest = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task Quick_BothShapes_MeasuresEachJourneyAloneInTheProcessesItCrosses()
    {
        var log = Path.Combine(RepositoryLayout.Root, "artifacts", "test-results", "journeys-quick.log");
        var clock = Stopwatch.StartNew();
        var (exit, printed) = await ShopBenchProcess.RunAsync(["journeys", "--quick"], log, s_longest);
        output.WriteLine($"./shop bench journeys --quick: exit {exit} after {clock.Elapsed.TotalMinutes:0.0} min (log {log})");
        Assert.True(exit == 0, $"exit {exit}; the end of its output:{Environment.NewLine}{ShopBenchProcess.Tail(printed, 40)}");

        var folder = ReportFolder().Match(printed) is { Success: true } match
            ? Path.Combine(RepositoryLayout.Root, match.Groups["folder"].Value)
            : throw new InvalidOperationException($"the bench did not say where its report is:{Environment.NewLine}{ShopBenchProcess.Tail(printed, 40)}");
        var report = await BenchJson.ReadAsync<JourneysReport>(Path.Combine(folder, JourneysBench.MeasuredFile), CancellationToken.None);

        Assert.True(report.Quick);
        Assert.Equal(["microservices", "monolith"], report.Shapes.Select(s => s.Shape));
        foreach (var shape in report.Shapes)
        {
            Assert.Equal(["browse", "add-to-cart", "checkout"], shape.Journeys.Select(j => j.Journey));
            Assert.NotNull(shape.Idle);
            foreach (var window in shape.Journeys)
            {
                Assert.True(window.Cost.Journeys > 0, $"{shape.Shape} {window.Journey}: no journey in the window");
                Assert.True(window.Cost.ShapeMsPerJourney > 0, $"{shape.Shape} {window.Journey}: no CPU");
                Assert.True(Cpu(window, "gateway") > 0, $"{shape.Shape} {window.Journey}: the gateway used no CPU");
                Assert.True(Cpu(window, "postgres") > 0 || window.Journey == "browse", $"{shape.Shape} {window.Journey}: PostgreSQL used no CPU");
            }
            // A browse is a list page, a search and a product page: three requests, whatever the shape.
            Assert.Equal(3, Window(shape, "browse").RequestsPerJourney!.Value, 1);
            Assert.True(Window(shape, "checkout").RequestsPerJourney > Window(shape, "browse").RequestsPerJourney);
        }
        var services = report.Shapes[0];
        Assert.True(Cpu(Window(services, "browse"), "catalog") > 0);
        Assert.True(Cpu(Window(services, "add-to-cart"), "cart") > 0);
        Assert.True(Cpu(Window(services, "checkout"), "order") > 0);
        Assert.True(Cpu(Window(services, "checkout"), "rabbitmq") > 0);
        Assert.All(report.Shapes[1].Journeys, window => Assert.True(Cpu(window, "monolith") > 0));
        Assert.All(report.Shapes[1].Journeys, window => Assert.DoesNotContain(window.Cost.Components, c => c.Component == "catalog" && c.Role == ProcessRole.Shop));

        var markdown = await File.ReadAllTextAsync(Path.Combine(folder, JourneysBench.MarkdownFile));
        Assert.Contains("Where a journey's CPU goes", markdown, StringComparison.Ordinal);
        Assert.Contains("| checkout (", markdown, StringComparison.Ordinal);
    }

    private static JourneyWindow Window(ShapeJourneys shape, string journey) => Assert.Single(shape.Journeys, j => j.Journey == journey);

    private static double Cpu(JourneyWindow window, string component) =>
        window.Cost.Components.FirstOrDefault(c => c.Component == component)?.CpuSeconds ?? 0;

    [GeneratedRegex(@"report (?<folder>artifacts/reports/[0-9TZ]+-journeys)")]
    private static partial Regex ReportFolder();
}

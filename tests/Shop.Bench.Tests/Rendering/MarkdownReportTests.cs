using Shop.Bench.Rendering;
using Shop.Bench.Report;
using Shop.Bench.Tests.Infrastructure;

namespace Shop.Bench.Tests.Rendering;

public sealed class MarkdownReportTests
{
    [Fact]
    public async Task Render_FixtureBench_HasTheSideBySideTableWithRatios()
    {
        var markdown = MarkdownReport.Render(await BenchFixtures.AssembleAsync());

        Assert.Contains("| Figure | Microservices | Monolith | Microservices ÷ monolith |\n| --- | ---: | ---: | ---: |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Capacity (journeys/s, checkout p99 ≤ 1 s, errors < 0.1 %) | 40 | 60 | 0.67 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Idle RSS (footprint.sh) | 743 MiB | 342 MiB | 2.17 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Invariants | all held | all held |  |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Kept up with the scenario (arrivals dropped at the in-flight cap) | no: 70–84 s, 150 dropped (5.1 %) | kept up |  |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Recovered (p99 back within 2× the one before) | at 88 s (4 s after the last drop) | – |  |", markdown, StringComparison.Ordinal);
        Assert.Contains("\n**Valid, overloaded: microservices did not keep up for 15 s", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_FixtureBench_HasEverySection()
    {
        var markdown = MarkdownReport.Render(await BenchFixtures.AssembleAsync());

        string[] headings =
        [
            "## Validity", "## Goals", "## Side by side", "## Reading", "## CPU-seconds per 1,000 orders, by component",
            "## Latency per step, scenario", "## Capacity search, microservices", "## Capacity search, monolith",
            "## Invariants, microservices", "## Invariants, monolith", "## Machine ceilings (same run)",
            "## Idle footprint (deploy/local/footprint.sh)",
        ];
        var positions = headings.Select(h => markdown.IndexOf("\n" + h + "\n", StringComparison.Ordinal)).ToList();
        Assert.StartsWith("# Black Friday: microservices vs monolith\n", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.Order(), positions);
        Assert.Contains("| Generator max rate ≥ 0.5 × wrk on the same endpoint | ≥ 0.50 | 0.55 | met |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Intro_CpuLimits_AreAmongTheConditions()
    {
        var report = new BenchReport { Settings = new BenchSettings { Scenario = "smoke", Replicas = "catalog=2", Cpus = "catalog=0.5,gateway=1" } };

        Assert.Contains("Scenario `smoke` at scale 1, replicas catalog=2, CPU limits per replica catalog=0.5,gateway=1 cores, run against",
            MarkdownReport.Intro(report), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_InvalidRun_ListsTheFlagsMostSevereFirst()
    {
        var report = await BenchFixtures.AssembleAsync() with
        {
            Validity =
            [
                new ValidityFlag(Severity.Note, null, "a note"),
                new ValidityFlag(Severity.Finding, ShapeNames.Microservices, "overloaded"),
                new ValidityFlag(Severity.Error, ShapeNames.Monolith, "generator fell | behind"),
            ],
        };

        var markdown = MarkdownReport.Render(report);

        Assert.Contains("## Validity\n\n- **Invalid** (monolith): generator fell \\| behind\n- **Finding** (microservices): overloaded\n- **Note**: a note\n", markdown, StringComparison.Ordinal);
    }
}

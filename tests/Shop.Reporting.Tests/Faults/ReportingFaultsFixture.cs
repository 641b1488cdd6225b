using Microsoft.Extensions.DependencyInjection;
using Shop.Reporting.Faults;
using Shop.Reporting.Tests.Infrastructure;

namespace Shop.Reporting.Tests.Faults;

/// <summary>A reporting host with the fault switch on, in the Bench environment a fault experiment runs its hosts in.</summary>
public sealed class ReportingFaultsFixture : ReportingAppFixture
{
    protected override string EnvironmentName => "Bench";

    protected override IReadOnlyDictionary<string, string> ExtraSettings { get; } =
        new Dictionary<string, string> { [FaultOptions.EnabledKey] = "true" };

    internal CpuHog CpuHog => Services.GetRequiredService<CpuHog>();
}

/// <summary>
/// The CPU hog tests measure the CPU time of the whole test process: they and every other host the fault tests start
/// run alone, so no other test's work counts.
/// </summary>
[CollectionDefinition(nameof(CpuMeasuringTests), DisableParallelization = true)]
public sealed class CpuMeasuringTests;

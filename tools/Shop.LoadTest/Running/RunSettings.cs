using Shop.LoadTest.Progress;
using Shop.LoadTest.Reports;

namespace Shop.LoadTest.Running;

/// <summary>How to run a scenario against a target: what the command line (or a test) decides beyond the scenario file.</summary>
public sealed record RunSettings
{
    /// <summary>Base address of the Shop gateway; check it with <see cref="Journeys.TargetAddress.Parse"/> first.</summary>
    public required Uri Target { get; init; }

    /// <summary>The gateway's admin key; lets the run restock the hot products before it starts.</summary>
    public string? AdminKey { get; init; }

    /// <summary>Factor for every arrival rate.</summary>
    public double Scale { get; init; } = 1;

    /// <summary>Stretches or shrinks the phases proportionally to this total length.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Seed of the journey choices.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Overrides the scenario's in-flight limit.</summary>
    public int? MaxConcurrency { get; init; }

    /// <summary>Overrides the scenario's connection limit.</summary>
    public int? Connections { get; init; }

    public ValidityCriteria Validity { get; init; } = ValidityCriteria.Default;

    /// <summary>How long setup waits for a target that answers 502–504 (a gateway that has just started).</summary>
    public TimeSpan ReadinessTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Where the live progress reads from; null for none.</summary>
    public ProgressBoard? Progress { get; init; }

    /// <summary>The scheduler thread runs real-time and starts the journeys itself (--raise-priority; see <c>EngineSettings</c>).</summary>
    public bool RealTimeScheduler { get; init; }
}

namespace Shop.LoadTest.Reports;

/// <summary>capacity.json: the step search for the highest arrival rate the target sustains.</summary>
/// <param name="Kind">Always <c>capacity</c>.</param>
/// <param name="Target">Base address the load was sent to.</param>
/// <param name="Scenario">Scenario whose journey mix was used.</param>
/// <param name="Criterion">What a step must meet to pass.</param>
/// <param name="Steps">Every step run, in order (a bisection step last).</param>
/// <param name="CapacityRate">Highest passing rate in journeys per second; 0 when no step passed.</param>
/// <param name="StartedAt">When the search started.</param>
/// <param name="ScenarioPeakRate">The scenario's highest arrival rate as its file has it (scale 1), so a bench can scale
/// the scenario to the capacity found.</param>
/// <param name="WarmUpSeconds">How long the mix ran at the first step's rate before the first step, not judged (0: no warm-up).</param>
public sealed record CapacityReport(
    string Kind,
    string Target,
    string Scenario,
    CapacityCriterion Criterion,
    IReadOnlyList<CapacityStep> Steps,
    double CapacityRate,
    DateTime StartedAt,
    double ScenarioPeakRate,
    double WarmUpSeconds);

/// <param name="CheckoutP99Ms">Checkout p99 at most.</param>
/// <param name="MaxErrorRatio">Failed requests ÷ requests below this.</param>
public sealed record CapacityCriterion(double CheckoutP99Ms, double MaxErrorRatio);

/// <summary>One constant-rate step of the search.</summary>
/// <param name="Rate">Target journeys per second.</param>
/// <param name="DurationSeconds">Length of the step.</param>
/// <param name="AchievedRate">Journeys started per second.</param>
/// <param name="CheckoutP99Ms">p99 of the checkout step (0 when no checkout ran).</param>
/// <param name="P99Ms">p99 over all steps.</param>
/// <param name="ErrorRatio">Failed requests ÷ requests.</param>
/// <param name="Passed">Met the criterion, and the generator delivered the rate (see <paramref name="Problems"/>).</param>
/// <param name="Problems">Why the step failed, in words.</param>
/// <param name="Warnings">What makes the step's figures less trustworthy without failing it (late starts, a busy generator).</param>
/// <param name="StartedAt">When the step's first arrival was due (absent in files from before it was recorded).</param>
/// <param name="EndedAt">When its last journey finished, after the drain.</param>
public sealed record CapacityStep(
    double Rate,
    double DurationSeconds,
    double AchievedRate,
    double CheckoutP99Ms,
    double P99Ms,
    double ErrorRatio,
    bool Passed,
    IReadOnlyList<string> Problems,
    IReadOnlyList<string> Warnings,
    DateTime? StartedAt = null,
    DateTime? EndedAt = null);

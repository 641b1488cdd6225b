namespace Shop.LoadTest.Reports;

/// <summary>max-rate.json: the generator's own ceiling against a trivial endpoint.</summary>
/// <param name="Kind">Always <c>max-rate</c>.</param>
/// <param name="Url">The endpoint.</param>
/// <param name="DurationSeconds">Length of the final measurement.</param>
/// <param name="RequestsPerSecond">Requests answered per second in the final measurement.</param>
/// <param name="P99Ms">p99 of the final measurement, from each request's scheduled time.</param>
/// <param name="TargetRate">The open-model rate of the final measurement.</param>
/// <param name="Connections">HTTP connections the generator could open.</param>
/// <param name="Errors">Failed requests in the final measurement.</param>
/// <param name="GeneratorCpuPercent">The generator's share of all cores during the final measurement.</param>
/// <param name="Search">The short steps that found the rate.</param>
public sealed record MaxRateReport(
    string Kind,
    string Url,
    double DurationSeconds,
    double RequestsPerSecond,
    double P99Ms,
    double TargetRate,
    int Connections,
    long Errors,
    double GeneratorCpuPercent,
    IReadOnlyList<MaxRateStep> Search);

/// <summary>One step of the max-rate search.</summary>
/// <param name="TargetRate">Requests per second asked for.</param>
/// <param name="AnsweredRate">Requests answered per second, from the step's start to its last answer.</param>
/// <param name="P99Ms">p99 from the scheduled time.</param>
/// <param name="LateStarts">Requests sent more than 10 ms after their scheduled time.</param>
/// <param name="Passed">Answered at least 98 % of the target without errors or dropped requests.</param>
public sealed record MaxRateStep(double TargetRate, double AnsweredRate, double P99Ms, long LateStarts, bool Passed);

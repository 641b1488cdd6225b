namespace Shop.LoadTest.Reports;

/// <summary>
/// run.json: everything one run measured, written by Shop.LoadTest and read by Shop.Bench through
/// <see cref="ReportFile"/>: camelCase, times in milliseconds as doubles, timestamps in UTC. Every parameter without a
/// default is required when the file is read; fields the reader does not know are ignored.
/// </summary>
/// <param name="Kind">Always <c>run</c>.</param>
/// <param name="Scenario">Scenario name.</param>
/// <param name="Target">Base address the load was sent to.</param>
/// <param name="Scale">Factor applied to every rate.</param>
/// <param name="StartedAt">When the first arrival was due.</param>
/// <param name="EndedAt">When the last journey finished (after the drain).</param>
/// <param name="DurationSeconds">Length of the schedule (the phases), without the drain.</param>
/// <param name="Phases">The phases as run (after scaling and stretching).</param>
/// <param name="Timeline">One entry per second from the start to the end of the drain.</param>
/// <param name="Steps">Per request kind: counts, status codes and latency percentiles.</param>
/// <param name="Journeys">Per journey: weight (normalized) and how many started, completed and failed.</param>
/// <param name="Totals">Arrivals and the achieved rate.</param>
/// <param name="Orders">What became of the checkouts.</param>
/// <param name="Validity">Whether the generator did what it was asked; a run that is not valid must not be used for conclusions.</param>
/// <param name="Overload">Whether the target kept up: a finding about the target, which a valid run may well have.</param>
/// <param name="Completed">False when the run was interrupted (Ctrl+C) before its schedule ended.</param>
/// <param name="Seed">Seed of the journey choices; the same seed and scenario give the same sequence of journeys.</param>
/// <param name="DrainSeconds">Time from the end of the schedule until the last journey finished.</param>
/// <param name="Generator">The generator's settings for this run.</param>
/// <param name="HotProducts">The hot products as found (and restocked) before the run.</param>
/// <param name="ExceptionSamples">A few messages of unexpected exceptions in journeys (counted as failed journeys).</param>
public sealed record RunReport(
    string Kind,
    string Scenario,
    string Target,
    double Scale,
    DateTime StartedAt,
    DateTime EndedAt,
    double DurationSeconds,
    IReadOnlyList<PhaseReport> Phases,
    IReadOnlyList<TimelineSecond> Timeline,
    IReadOnlyList<StepReport> Steps,
    IReadOnlyList<JourneyReport> Journeys,
    TotalsReport Totals,
    OrdersReport Orders,
    ValidityReport Validity,
    OverloadReport Overload,
    bool Completed,
    long Seed,
    double DrainSeconds,
    GeneratorReport Generator,
    IReadOnlyList<HotProductReport> HotProducts,
    IReadOnlyList<string> ExceptionSamples)
{
    /// <summary>The step named <paramref name="name"/>, or null if no journey ran it.</summary>
    public StepReport? Step(string name) => Steps.FirstOrDefault(s => s.Name == name);
}

/// <param name="Name">Phase name.</param>
/// <param name="StartSecond">Start, in seconds from the run's start.</param>
/// <param name="EndSecond">End, in seconds from the run's start.</param>
/// <param name="FromRate">Journeys per second at the start.</param>
/// <param name="ToRate">Journeys per second at the end.</param>
public sealed record PhaseReport(string Name, double StartSecond, double EndSecond, double FromRate, double ToRate);

/// <summary>
/// One second of the run. Latencies and step counts are of requests that finished in this second; <c>started</c>
/// counts journeys that began in it; <c>targetRate</c> is the mean rate the profile asked for in it;
/// <c>schedulerLagMs</c> is how late the scheduler handed off (or dropped) the arrival it was latest with in this second.
/// </summary>
public sealed record TimelineSecond(
    int Second,
    string Phase,
    double TargetRate,
    long Scheduled,
    long Started,
    long Completed,
    long Errors,
    long LateStarts,
    long Dropped,
    long InFlight,
    double SchedulerLagMs,
    double P50Ms,
    double P99Ms,
    IReadOnlyDictionary<string, StepSecond> Steps);

/// <summary>One step's requests that finished in one second.</summary>
public sealed record StepSecond(long Count, long Errors, double P50Ms, double P99Ms);

/// <summary>
/// One request kind over the whole run. Latency percentiles cover every attempt, failed ones included (a timeout
/// is a 10-second wait the user had). <c>statusCodes</c> has the HTTP answers; requests that got none are counted in
/// <c>timeouts</c> and <c>transportErrors</c>.
/// </summary>
public sealed record StepReport(
    string Name,
    long Count,
    long Errors,
    IReadOnlyDictionary<string, long> StatusCodes,
    long Timeouts,
    long TransportErrors,
    double P50Ms,
    double P90Ms,
    double P99Ms,
    double P999Ms,
    double MaxMs,
    double MeanMs);

/// <summary>
/// One journey. <c>completed</c> counts journeys that finished, whatever the outcome; <c>failed</c> is the part of
/// them that met an error (a failed step ends a journey); <c>exceptions</c> the part that hit an unexpected exception.
/// </summary>
public sealed record JourneyReport(string Name, double Weight, long Started, long Completed, long Failed, long Exceptions);

/// <summary>
/// The run's arrivals. <c>scheduled</c> arrivals were due; <c>started</c> ran (the rest were <c>dropped</c>);
/// <c>errors</c> counts failed requests of all steps; rates are journeys per second over the schedule's length;
/// <c>p50Ms</c> and <c>p99Ms</c> are over the requests of all steps.
/// </summary>
public sealed record TotalsReport(
    long Scheduled,
    long Started,
    long Completed,
    long Failed,
    long Requests,
    long Errors,
    long LateStarts,
    long Dropped,
    double TargetRate,
    double AchievedRate,
    long MaxInFlight,
    double P50Ms,
    double P99Ms);

/// <summary>
/// What became of the checkouts: accepted (202), then Confirmed or Cancelled as seen by the bounded status polls, or
/// still Pending when the polls ran out. <c>stockOuts</c> counts checkouts refused with 409 and orders cancelled as
/// out of stock, both expected outcomes. <c>orderIds</c> is the number of distinct order ids received.
/// </summary>
public sealed record OrdersReport(
    long CheckoutsAccepted,
    long Confirmed,
    long Cancelled,
    long StockOuts,
    long OrderIds,
    long Pending,
    IReadOnlyDictionary<string, long> CancelledByReason);

/// <summary>
/// Whether the generator did what it was asked, checked against <see cref="ValidityCriteria"/>: it offered every
/// arrival on time and did not take too much of the machine. What the target did with the arrivals (dropped at the
/// in-flight cap because it held every slot) is not a fault of the measurement: that is <see cref="OverloadReport"/>.
/// </summary>
/// <param name="AchievedToTargetRatio">Journeys started ÷ arrivals the schedule held (the area under the rate, rounded up to whole arrivals).</param>
/// <param name="OfferedToTargetRatio">Journeys started or dropped at the cap ÷ arrivals the schedule held: what the generator offered.</param>
/// <param name="LateStarts">Journeys that started later than the late-start threshold after their scheduled time, every
/// one of them with a slot free: the generator's own lateness.</param>
/// <param name="SchedulerLateStarts">The part of them the scheduler itself handed off late (its thread woke or ran late);
/// the rest were handed off on time and waited for a thread of the generator's pool.</param>
/// <param name="LateStartRatio">Late starts ÷ started.</param>
/// <param name="Dropped">Arrivals not started because the in-flight cap was reached, whoever held the slots.</param>
/// <param name="DroppedWhileBehind">The part of them dropped while the generator was itself behind (its scheduler late,
/// or fewer than nine in ten slots waiting on the target), so the cap may have been the generator's doing.</param>
/// <param name="GeneratorCpuSeconds">CPU time of the generator's process during the run.</param>
/// <param name="GeneratorCpuPercent">That CPU time ÷ (wall time × cores) × 100: the generator's share of the machine.</param>
/// <param name="GeneratorCpuPeakPercent">The same over the busiest second (0 when not measured).</param>
/// <param name="Valid">No problem found.</param>
/// <param name="Problems">Each check that failed, in words.</param>
/// <param name="Criteria">The thresholds checked.</param>
/// <param name="StartDelay">How long after their scheduled time journeys began running: the scheduler's wake-up plus
/// the hand-off to a thread. Late starts are the part above the threshold.</param>
/// <param name="DispatchDelay">How long after their scheduled time the scheduler handed arrivals off: its own
/// wake-up alone. A start delay much larger than this points at a busy thread pool or machine.</param>
public sealed record ValidityReport(
    double AchievedToTargetRatio,
    double OfferedToTargetRatio,
    long LateStarts,
    long SchedulerLateStarts,
    double LateStartRatio,
    long Dropped,
    long DroppedWhileBehind,
    double GeneratorCpuSeconds,
    double GeneratorCpuPercent,
    double GeneratorCpuPeakPercent,
    bool Valid,
    IReadOnlyList<string> Problems,
    ValidityCriteria Criteria,
    DelayReport? StartDelay = null,
    DelayReport? DispatchDelay = null);

/// <summary>
/// Whether the target kept up with the schedule. It did not — it was overloaded — when arrivals were dropped at the
/// in-flight cap while the generator was on schedule and nine in ten of its slots were waiting on the target (an
/// answer, or a pause its journey was scripted to make). That is a finding about the target, shown as such, not a
/// fault of the measurement: the latencies of the journeys that ran still count from their scheduled times.
/// </summary>
/// <param name="Overloaded">At least one arrival was dropped because the target held every slot.</param>
/// <param name="Dropped">Those arrivals.</param>
/// <param name="DroppedRatio">Those ÷ arrivals the schedule held.</param>
/// <param name="Seconds">Seconds of the run in which any was dropped.</param>
/// <param name="FirstSecond">The first such second; null when there was none.</param>
/// <param name="LastSecond">The last such second.</param>
/// <param name="P99Ms">p99 of every request that finished from the first to the last such second.</param>
/// <param name="P99BeforeMs">p99 of every request that finished before the first such second (null when none had).</param>
/// <param name="RecoveredSecond">The first second after the last drop from which the seconds with answers had a p99 of at
/// most twice <paramref name="P99BeforeMs"/>, three in a row (fewer only where the run ended): the target answered as
/// before again. Null when it was not overloaded or did not recover before the run ended.</param>
/// <param name="MaxConcurrency">The in-flight cap.</param>
public sealed record OverloadReport(
    bool Overloaded,
    long Dropped,
    double DroppedRatio,
    int Seconds,
    int? FirstSecond,
    int? LastSecond,
    double? P99Ms,
    double? P99BeforeMs,
    int? RecoveredSecond,
    int MaxConcurrency)
{
    /// <summary>A target answering at most this many times its p99 from before the overload has recovered.</summary>
    public const double RecoveryP99Factor = 2;

    /// <summary>Seconds with answers in a row that recovery asks for.</summary>
    public const int RecoverySeconds = 3;
}

/// <summary>A delay distribution in milliseconds.</summary>
public sealed record DelayReport(double P50Ms, double P99Ms, double MaxMs);

/// <summary>The generator's settings for a run.</summary>
/// <param name="MaxConcurrency">Journeys in flight at most.</param>
/// <param name="Connections">HTTP connections per server.</param>
/// <param name="RequestTimeoutSeconds">A request not answered by then is an error.</param>
/// <param name="LateStartThresholdMs">A journey starting later than this is a late start.</param>
/// <param name="Cores">The machine's cores.</param>
/// <param name="Buyers">Virtual buyers signed in.</param>
/// <param name="SchedulerRealTime">The scheduler thread ran under the real-time policy and started the journeys itself (--raise-priority).</param>
public sealed record GeneratorReport(int MaxConcurrency, int Connections, double RequestTimeoutSeconds, double LateStartThresholdMs, int Cores, int Buyers, bool SchedulerRealTime = false);

/// <summary>A hot product as found before the run.</summary>
public sealed record HotProductReport(string Sku, Guid Id, int StockBefore, int StockAtStart);

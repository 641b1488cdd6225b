using Shop.LoadTest.Reports;

namespace Shop.Bench.Scaling;

/// <summary>An isolation window's figures, from the load generator's run of it.</summary>
public static class IsolationWindows
{
    private static readonly string[] s_browseSteps = [StepNames.BrowseList, StepNames.BrowseSearch, StepNames.BrowseProduct];

    /// <summary>Checkout count, errors and p99; the slowest p99 of the catalog reads; totals and whether the generator kept its schedule.</summary>
    public static IsolationWindow From(string name, RunReport run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var checkout = run.Step(StepNames.Checkout);
        var browse = s_browseSteps.Select(run.Step).OfType<StepReport>().ToList();
        return new IsolationWindow(
            name,
            run.DurationSeconds,
            checkout?.Count ?? 0,
            checkout?.Errors ?? 0,
            checkout?.P99Ms ?? 0,
            browse.Count == 0 ? 0 : browse.Max(s => s.P99Ms),
            run.Totals.Requests,
            run.Totals.Errors,
            run.Totals.Dropped,
            run.Validity.Valid && run.Completed);
    }
}

using Shop.LoadTest.Reports;
using Shop.LoadTest.Running;

namespace Shop.LoadTest.Tests.Running;

public sealed class CapacitySearchTests
{
    private static readonly CapacityOptions s_options = CapacityOptions.Default;

    [Fact]
    public void Evaluate_FastCheckoutsNoErrorsValidRun_Passes()
    {
        var step = CapacitySearch.Evaluate(20, s_options, Report(checkoutP99: 300, requests: 10_000, errors: 9));

        Assert.True(step.Passed, string.Join("; ", step.Problems));
        Assert.Equal(300, step.CheckoutP99Ms);
        Assert.Equal(0.0009, step.ErrorRatio, 1e-9);
    }

    [Fact]
    public void Evaluate_SlowCheckouts_FailsAndSaysWhy()
    {
        var step = CapacitySearch.Evaluate(20, s_options, Report(checkoutP99: 1000.5, requests: 10_000, errors: 0));

        Assert.False(step.Passed);
        Assert.Contains(step.Problems, p => p.Contains("checkout p99", StringComparison.Ordinal));
    }

    [Fact]
    public void Evaluate_TenthOfAPercentErrors_Fails()
    {
        var step = CapacitySearch.Evaluate(20, s_options, Report(checkoutP99: 10, requests: 10_000, errors: 10));

        Assert.False(step.Passed);
    }

    [Fact]
    public void Evaluate_ArrivalsDroppedAtTheCap_FailsBecauseTheRateWasNotSustained()
    {
        // The target held every slot: the run is valid (and overloaded), but the step did not sustain its rate.
        var report = Report(checkoutP99: 10, requests: 10_000, errors: 0);
        report = report with { Validity = report.Validity with { Dropped = 12 } };

        var step = CapacitySearch.Evaluate(20, s_options, report);

        Assert.False(step.Passed);
        Assert.Contains("12 arrivals dropped (in-flight limit reached)", step.Problems);
    }

    [Fact]
    public void Evaluate_TooFewOffered_FailsBecauseTheGeneratorDidNotDeliverTheRate()
    {
        var report = Report(checkoutP99: 10, requests: 10_000, errors: 0);
        report = report with { Validity = report.Validity with { AchievedToTargetRatio = 0.9, OfferedToTargetRatio = 0.9 } };

        var step = CapacitySearch.Evaluate(20, s_options, report);

        Assert.False(step.Passed);
        Assert.Contains("the generator offered 90.0 % of the journeys asked for", step.Problems);
    }

    [Fact]
    public void Evaluate_LateStartsOnly_PassesWithAWarning()
    {
        var report = Report(checkoutP99: 10, requests: 10_000, errors: 0);
        report = report with { Validity = report.Validity with { Valid = false, LateStarts = 30, LateStartRatio = 0.1 } };

        var step = CapacitySearch.Evaluate(20, s_options, report);

        Assert.True(step.Passed, string.Join("; ", step.Problems));
        Assert.Contains(step.Warnings, w => w.Contains("late starts", StringComparison.Ordinal));
    }

    private static RunReport Report(double checkoutP99, long requests, long errors)
    {
        var validity = ValidityCriteria.Default.Evaluate(new ScheduleTally(300, 300, 0, 0, 0, 0, 1, 15, 2), completed: true);
        return new RunReport(
            "run", "blackfriday", "http://127.0.0.1:8080/", 1, DateTime.UtcNow, DateTime.UtcNow, 15, [], [],
            [new StepReport("checkout", 30, 0, new Dictionary<string, long>(), 0, 0, checkoutP99 / 2, checkoutP99, checkoutP99, checkoutP99, checkoutP99, checkoutP99 / 2)],
            [],
            new TotalsReport(300, 300, 300, 0, requests, errors, 0, 0, 20, 20, 10, 5, 50),
            new OrdersReport(30, 30, 0, 0, 30, 0, new Dictionary<string, long>()),
            validity, new OverloadReport(false, 0, 0, 0, null, null, null, 5, null, 100), true, 1, 0.1, new GeneratorReport(100, 10, 10, 10, 2, 10), [], []);
    }
}

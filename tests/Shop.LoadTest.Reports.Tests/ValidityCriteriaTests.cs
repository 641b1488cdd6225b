namespace Shop.LoadTest.Reports.Tests;

public sealed class ValidityCriteriaTests
{
    private static readonly ValidityCriteria s_criteria = ValidityCriteria.Default;

    [Fact]
    public void Evaluate_EverythingOnTime_ValidWithoutProblems()
    {
        var validity = s_criteria.Evaluate(1000, 1000, 3, 0, cpuSeconds: 10, wallSeconds: 100, cores: 2, completed: true);

        Assert.True(validity.Valid);
        Assert.Empty(validity.Problems);
        Assert.Equal(1.0, validity.AchievedToTargetRatio);
        Assert.Equal(0.003, validity.LateStartRatio, 1e-9);
        Assert.Equal(5, validity.GeneratorCpuPercent, 1e-9);
    }

    [Theory]
    [InlineData(979, false)]
    [InlineData(980, true)]
    [InlineData(1020, true)]
    [InlineData(1021, false)]
    public void Evaluate_AchievedAgainstTarget_WithinTwoPercent(long started, bool valid)
    {
        var validity = s_criteria.Evaluate(1000, started, 0, 0, 0, 100, 2, true);

        Assert.Equal(valid, validity.Valid);
    }

    [Fact]
    public void Evaluate_ManyLateStarts_Invalid()
    {
        var validity = s_criteria.Evaluate(1000, 1000, 11, 0, 0, 100, 2, true);

        Assert.False(validity.Valid);
        Assert.Contains(validity.Problems, p => p.Contains("started late", StringComparison.Ordinal));
    }

    [Fact]
    public void Evaluate_AnyDropped_InvalidAndSaysWhy()
    {
        var validity = s_criteria.Evaluate(1000, 999, 0, 1, 0, 100, 2, true);

        Assert.False(validity.Valid);
        Assert.Equal(1, validity.Dropped);
        Assert.Contains(validity.Problems, p => p.Contains("in-flight limit", StringComparison.Ordinal));
    }

    [Fact]
    public void Evaluate_GeneratorTookMoreThanHalfTheMachine_Invalid()
    {
        var validity = s_criteria.Evaluate(1000, 1000, 0, 0, cpuSeconds: 120, wallSeconds: 100, cores: 2, completed: true);

        Assert.False(validity.Valid);
        Assert.Equal(60, validity.GeneratorCpuPercent, 1e-9);
        Assert.Contains(validity.Problems, p => p.Contains("CPU", StringComparison.Ordinal));
    }

    [Fact]
    public void Evaluate_Interrupted_Invalid()
    {
        var validity = s_criteria.Evaluate(1000, 1000, 0, 0, 0, 100, 2, completed: false);

        Assert.False(validity.Valid);
        Assert.Contains(validity.Problems, p => p.Contains("interrupted", StringComparison.Ordinal));
    }
}

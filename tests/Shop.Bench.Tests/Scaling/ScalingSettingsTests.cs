using Shop.Bench.Scaling;
using Shop.CommandLine;

namespace Shop.Bench.Tests.Scaling;

public sealed class ScalingSettingsTests
{
    private const string Root = "/repo";
    private const string DeveloperState = "/repo/.shop";

    [Fact]
    public void Parse_Nothing_BothShapesBothMixesEveryFaultAQuarterCoreFourReplicas()
    {
        var settings = Parse([]);

        Assert.Equal((0.25, 4, false, true), (settings.ReplicaCpuLimit, settings.MaxReplicas, settings.Quick, settings.Isolation));
        Assert.Equal(["microservices", "monolith"], settings.Shapes);
        Assert.Equal([ScalingMixes.Browse, ScalingMixes.Checkout], settings.Mixes);
        Assert.Equal(IsolationFaults.All, settings.Faults);
        Assert.Equal("/repo/.shop/bench", settings.StateFolder);
    }

    [Fact]
    public void Parse_Quick_OnePointTheCheckoutMixOneFaultShortStepsAndWindows()
    {
        var settings = Parse(["--quick"]);

        Assert.Equal((1, true), (settings.MaxReplicas, settings.Quick));
        Assert.Equal([ScalingMixes.Checkout], settings.Mixes);
        Assert.Equal([IsolationFaults.ReportingCpuHog], settings.Faults);
        Assert.True(settings.StepSeconds < Parse([]).StepSeconds);
        Assert.True(settings.WindowSeconds < Parse([]).WindowSeconds);
    }

    [Fact]
    public void Parse_Options_AreTaken()
    {
        var settings = Parse(["--limit", "500m", "--max-replicas", "3", "--shape", "monolith", "--mix", "checkout-heavy", "--skip-isolation"]);

        Assert.Equal((0.5, 3, false), (settings.ReplicaCpuLimit, settings.MaxReplicas, settings.Isolation));
        Assert.Equal(["monolith"], settings.Shapes);
        Assert.Equal([ScalingMixes.Checkout], settings.Mixes);
    }

    [Theory]
    [InlineData("--limit", "0")]
    [InlineData("--limit", "a lot")]
    [InlineData("--limit", "0.001")]
    [InlineData("--limit", "64")]
    [InlineData("--max-replicas", "0")]
    [InlineData("--max-replicas", "9")]
    [InlineData("--shape", "both-and-more")]
    [InlineData("--mix", "smoke")]
    [InlineData("--bogus", "1")]
    public void Parse_BadOption_IsAUsageError(string option, string value) =>
        Assert.Throws<UsageException>(() => Parse([option, value]));

    [Fact]
    public void Parse_StateOfTheDevelopersShop_IsRefused()
    {
        var error = Assert.Throws<UsageException>(() => Parse([], new() { ["SHOP_BENCH_STATE"] = DeveloperState }));

        Assert.Contains("must not be the state folder of ./shop up", error.Message, StringComparison.Ordinal);
    }

    private static ScalingSettings Parse(string[] arguments, Dictionary<string, string>? environment = null) =>
        ScalingSettings.Parse(CommandArguments.Parse(arguments, ScalingSettings.Syntax), name => environment?.GetValueOrDefault(name), Root, DeveloperState);
}

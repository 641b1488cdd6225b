using Shop.Bench.Journeys;
using Shop.CommandLine;

namespace Shop.Bench.Tests.Journeys;

public sealed class JourneysSettingsTests
{
    private const string Root = "/repo";
    private const string DeveloperState = "/repo/.shop";

    [Fact]
    public void Parse_Nothing_BothShapesEveryJourneyAtItsDefaultRateThirtySecondWindows()
    {
        var settings = Parse([]);

        Assert.Equal(["microservices", "monolith"], settings.Shapes);
        Assert.Equal(JourneysSettings.DefaultRates, settings.Rates);
        Assert.Equal((30.0, false), (settings.Seconds, settings.Quick));
        Assert.Equal("/repo/.shop/bench", settings.StateFolder);
    }

    [Fact]
    public void Parse_Quick_ShortensTheWindowsAndTheWarmUp()
    {
        var quick = Parse(["--quick"]);
        var full = Parse([]);

        Assert.True(quick.Quick);
        Assert.True(quick.Seconds < full.Seconds);
        Assert.True(quick.WarmUpSeconds < full.WarmUpSeconds);
        Assert.True(quick.IdleSeconds < full.IdleSeconds);
    }

    [Fact]
    public void Parse_Options_AreTaken()
    {
        var settings = Parse(["--shape", "monolith", "--rates", "checkout=12.5, browse=40", "--seconds", "45"]);

        Assert.Equal(["monolith"], settings.Shapes);
        Assert.Equal([new JourneyRate("checkout", 12.5), new JourneyRate("browse", 40)], settings.Rates);
        Assert.Equal(45, settings.Seconds);
    }

    [Theory]
    [InlineData("--rates", "browse")]
    [InlineData("--rates", "search=10")]
    [InlineData("--rates", "browse=10,browse=20")]
    [InlineData("--rates", "browse=0")]
    [InlineData("--rates", "browse=fast")]
    [InlineData("--rates", "checkout=501")]
    [InlineData("--rates", ",")]
    [InlineData("--shape", "catalog+cart")]
    [InlineData("--seconds", "1")]
    public void Parse_BadValue_IsAUsageError(string option, string value)
    {
        Assert.Throws<UsageException>(() => Parse([option, value]));
    }

    [Fact]
    public void Parse_TheStateOfShopUp_IsRefused()
    {
        var exception = Assert.Throws<UsageException>(() => JourneysSettings.Parse(
            CommandArguments.Parse([], JourneysSettings.Syntax), name => name == "SHOP_BENCH_STATE" ? DeveloperState : null, Root, DeveloperState));

        Assert.Contains("must not be the state folder", exception.Message, StringComparison.Ordinal);
    }

    private static JourneysSettings Parse(string[] arguments) =>
        JourneysSettings.Parse(CommandArguments.Parse(arguments, JourneysSettings.Syntax), _ => null, Root, DeveloperState);
}

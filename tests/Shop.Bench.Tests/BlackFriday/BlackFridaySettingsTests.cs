using Shop.Bench.BlackFriday;
using Shop.CommandLine;

namespace Shop.Bench.Tests.BlackFriday;

public sealed class BlackFridaySettingsTests
{
    private const string Root = "/repo";
    private const string DeveloperState = "/repo/.shop";

    [Fact]
    public void Parse_Nothing_BothShapesFullScenarioAndTheDefaults()
    {
        var settings = Parse([]);

        Assert.Equal(["microservices", "monolith"], settings.Shapes);
        // No --scale: the bench scales the scenario to the capacity it measures.
        Assert.Equal(("", null, "", "blackfriday", false), (settings.Replicas, settings.Scale, settings.Duration, settings.Scenario, settings.SkipCapacity));
        Assert.Equal("", settings.Cpus);
        Assert.Equal("/repo/.shop/bench", settings.StateFolder);
        Assert.Equal(20_261_127, settings.Seed);
        Assert.Equal(TimeSpan.FromSeconds(120), settings.Settle);
        Assert.Empty(settings.CapacityArguments);
    }

    [Fact]
    public void Parse_EveryOption_IsKeptAsGiven()
    {
        var settings = Parse(["--shape", "monolith", "--replicas=catalog=2,monolith=3", "--cpus", "monolith=1,gateway=500m", "--scale", "0.5", "--duration", "2m", "--scenario", "smoke", "--skip-capacity"]);

        Assert.Equal(["monolith"], settings.Shapes);
        Assert.Equal("monolith=1,gateway=500m", settings.Cpus);
        Assert.Equal(("catalog=2,monolith=3", "0.5", "2m", "smoke", true), (settings.Replicas, settings.Scale, settings.Duration, settings.Scenario, settings.SkipCapacity));
    }

    [Fact]
    public void Parse_EnvironmentKnobs_SetStateSeedSettleAndCapacityOptions()
    {
        var settings = Parse([], new()
        {
            ["SHOP_BENCH_STATE"] = "/tmp/bench-state",
            ["SHOP_BENCH_SEED"] = "7",
            ["SHOP_BENCH_SETTLE_SECONDS"] = "30",
            ["SHOP_BENCH_CAPACITY_ARGS"] = "--step-seconds 10\t--max-rate  400",
        });

        Assert.Equal("/tmp/bench-state", settings.StateFolder);
        Assert.Equal(7, settings.Seed);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.Settle);
        Assert.Equal(["--step-seconds", "10", "--max-rate", "400"], settings.CapacityArguments);
    }

    [Theory]
    [InlineData("--shape", "services", "--shape takes microservices, monolith or both")]
    [InlineData("--replicas", "catalog=two", "--replicas takes name=count[,name=count], got 'catalog=two'")]
    [InlineData("--replicas", "catalog=2,", "--replicas takes name=count[,name=count], got 'catalog=2,'")]
    [InlineData("--cpus", "catalog=half", "--cpus takes host=cores[,host=cores], got 'catalog=half'")]
    [InlineData("--cpus", "catalog=0.0001", "--cpus catalog=0.0001: a CPU limit is a number of cores such as 0.25 (at most 3 decimals) or millicores such as 250m, got '0.0001'")]
    [InlineData("--cpus", "catalog=0.005", "the CPU limit of catalog must be between 0.01 and")]
    [InlineData("--cpus", "search=1", "unknown service 'search'")]
    [InlineData("--scale", "1e3", "--scale must be a number, got '1e3'")]
    [InlineData("--scale", "-1", "--scale must be a number, got '-1'")]
    [InlineData("--scenario", "my scenario.json", "--scenario takes a scenario name or a path without spaces or quotes, got 'my scenario.json'")]
    [InlineData("--duration", "4 m", "--duration takes seconds, 4m or hh:mm:ss, got '4 m'")]
    public void Parse_ValueOutsideWhatTheBenchAccepts_UsageErrorSayingWhy(string option, string value, string message)
    {
        Assert.StartsWith(message, Assert.Throws<UsageException>(() => Parse([option, value])).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--typo")]
    [InlineData("--skip-capacity=yes")]
    [InlineData("monolith")]
    public void Parse_UnknownArgument_UsageError(string argument)
    {
        Assert.Throws<UsageException>(() => Parse([argument]));
    }

    [Theory]
    [InlineData("/repo/.shop")]
    [InlineData("/repo/.shop/")]
    [InlineData("/repo/.shop/../.shop")]
    public void Parse_StateOfTheDevelopersShop_Refused(string state)
    {
        var error = Assert.Throws<UsageException>(() => Parse([], new() { ["SHOP_BENCH_STATE"] = state }));

        Assert.Contains("must not be the state folder of ./shop up", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SHOP_BENCH_SEED", "soon")]
    [InlineData("SHOP_BENCH_SETTLE_SECONDS", "two minutes")]
    [InlineData("SHOP_BENCH_SETTLE_SECONDS", "-1")]
    public void Parse_VariableNotANumber_UsageErrorNamingIt(string variable, string value)
    {
        var error = Assert.Throws<UsageException>(() => Parse([], new() { [variable] = value }));

        Assert.StartsWith(variable, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "microservices", "")]
    [InlineData("catalog=2,order=2,monolith=3", "microservices", "catalog=2,order=2")]
    [InlineData("catalog=2,order=2,monolith=3", "monolith", "monolith=3")]
    [InlineData("catalog=2", "monolith", "")]
    public void ReplicasFor_Shape_KeepsOnlyItsOwnHosts(string replicas, string shape, string kept)
    {
        Assert.Equal(kept, Parse(["--replicas", replicas]).ReplicasFor(shape));
    }

    [Theory]
    [InlineData("", "microservices", "")]
    [InlineData("catalog=0.5,monolith=1,gateway=0.25", "microservices", "catalog=0.5,gateway=0.25")]
    [InlineData("catalog=0.5,monolith=1,gateway=0.25", "monolith", "monolith=1,gateway=0.25")]
    [InlineData("order=none", "monolith", "")]
    public void CpusFor_Shape_KeepsItsOwnHostsAndTheGateway(string cpus, string shape, string kept)
    {
        Assert.Equal(kept, Parse(["--cpus", cpus]).CpusFor(shape));
    }

    [Theory]
    [InlineData("blackfriday", "blackfriday")]
    [InlineData("scenarios/flash-sale.json", "flash-sale")]
    [InlineData("./smoke", "smoke")]
    public void ScenarioName_NameOrFile_AsBenchJsonRecordsIt(string scenario, string name)
    {
        Assert.Equal(name, Parse(["--scenario", scenario]).ScenarioName);
    }

    private static BlackFridaySettings Parse(string[] arguments, Dictionary<string, string>? environment = null) =>
        BlackFridaySettings.Parse(
            CommandArguments.Parse(arguments, BlackFridaySettings.Syntax),
            name => environment?.GetValueOrDefault(name),
            Root,
            DeveloperState);
}

using Shop.LoadTest.Scenarios;

namespace Shop.LoadTest.Tests.Scenarios;

public sealed class ScenarioFileTests
{
    private const string Minimal = """
        {
          "name": "tiny",
          "phases": [ { "name": "flat", "seconds": 10, "rate": 5 }, { "name": "ramp", "seconds": 5, "from": 5, "to": 15 } ],
          "journeys": [ { "name": "browse", "weight": 3 }, { "name": "checkout", "weight": 1 } ]
        }
        """;

    [Fact]
    public void Parse_MinimalFile_FillsDefaults()
    {
        var scenario = ScenarioFile.Parse(Minimal);

        Assert.Equal("tiny", scenario.Name);
        Assert.Equal([new Phase("flat", 10, 5, 5), new Phase("ramp", 5, 5, 15)], scenario.Phases);
        Assert.Equal(15, scenario.TotalSeconds);
        Assert.Equal(GeneratorLimits.Default, scenario.Limits);
        Assert.Equal(0, scenario.Catalog.HotProducts.Share);
        Assert.True(scenario.Checkout.StatusPolls > 0);
    }

    [Fact]
    public void Parse_CommentsAndTrailingCommas_AreAccepted()
    {
        var scenario = ScenarioFile.Parse("""
            // a comment
            { "name": "c", "phases": [ { "name": "p", "seconds": 1, "rate": 1, }, ], "journeys": [ { "name": "browse", "weight": 1 } ], }
            """);

        Assert.Equal("c", scenario.Name);
    }

    [Theory]
    [InlineData("""{ "name": "x", "journeys": [ { "name": "browse", "weight": 1 } ] }""", "phases: at least one phase")]
    [InlineData("""{ "name": "x", "phases": [ { "name": "p", "seconds": 0, "rate": 1 } ], "journeys": [ { "name": "browse", "weight": 1 } ] }""", "phases[0].seconds")]
    [InlineData("""{ "name": "x", "phases": [ { "name": "p", "seconds": 5, "rate": -1 } ], "journeys": [ { "name": "browse", "weight": 1 } ] }""", "phases[0]: rates must be finite and at least 0")]
    [InlineData("""{ "name": "x", "phases": [ { "name": "p", "seconds": 5, "from": 1 } ], "journeys": [ { "name": "browse", "weight": 1 } ] }""", "phases[0]: 'rate' (constant) or both 'from' and 'to'")]
    [InlineData("""{ "name": "x", "phases": [ { "name": "p", "seconds": 5, "rate": 1, "from": 1, "to": 2 } ], "journeys": [ { "name": "browse", "weight": 1 } ] }""", "not both")]
    [InlineData("""{ "name": "x", "phases": [ { "name": "p", "seconds": 5, "rate": 0 } ], "journeys": [ { "name": "browse", "weight": 1 } ] }""", "the rates are all 0")]
    [InlineData("""{ "name": "x", "phases": [ { "name": "p", "seconds": 5, "rate": 1 } ], "journeys": [ { "name": "shoplift", "weight": 1 } ] }""", "journeys[0].name 'shoplift' is not a journey")]
    [InlineData("""{ "name": "x", "phases": [ { "name": "p", "seconds": 5, "rate": 1 } ], "journeys": [ { "name": "browse", "weight": 0 } ] }""", "the weights add up to 0")]
    [InlineData("""{ "name": "x", "phases": [ { "name": "p", "seconds": 5, "rate": 1 } ], "journeys": [ { "name": "browse", "weight": 1 }, { "name": "browse", "weight": 1 } ] }""", "appears twice")]
    [InlineData("""{ "phases": [ { "name": "p", "seconds": 5, "rate": 1 } ], "journeys": [ { "name": "browse", "weight": 1 } ] }""", "name is required")]
    [InlineData("""{ "name": "x", "phases": [ { "name": "p", "seconds": 5, "rate": 1 } ], "journeys": [ { "name": "browse", "weight": 1 } ], "catalog": { "hotProducts": { "share": 1.5, "skus": ["A"] } } }""", "catalog.hotProducts.share")]
    [InlineData("""{ "name": "x", "phases": [ { "name": "p", "seconds": 5, "rate": 1 } ], "journeys": [ { "name": "browse", "weight": 1 } ], "catalog": { "hotProducts": { "share": 0.5 } } }""", "no skus are given")]
    [InlineData("""{ "name": "x", "phases": [ { "name": "p", "seconds": 5, "rate": 1 } ], "journeys": [ { "name": "browse", "weight": 1 } ], "checkout": { "maxLines": 0 } }""", "checkout.maxLines must be between 1 and 20")]
    [InlineData("""{ "name": "x", "phases": [ { "name": "p", "seconds": 5, "rate": 1 } ], "journeys": [ { "name": "browse", "weight": 1 } ], "limits": { "maxConcurrency": 0 } }""", "limits.maxConcurrency")]
    public void Parse_RuleBroken_ProblemNamesItsPath(string json, string expected)
    {
        var error = Assert.Throws<ScenarioException>(() => ScenarioFile.Parse(json, "test.json"));

        Assert.Contains(error.Problems, p => p.Contains(expected, StringComparison.Ordinal));
        Assert.StartsWith("test.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SeveralRulesBroken_ReportsThemAll()
    {
        var error = Assert.Throws<ScenarioException>(() => ScenarioFile.Parse("""
            { "name": "", "phases": [ { "name": "p", "seconds": -1, "rate": 1 } ], "journeys": [ { "name": "nope", "weight": 1 } ] }
            """));

        Assert.Equal(3, error.Problems.Count);
    }

    [Theory]
    [InlineData("""{ "name": "x", "phases": [], "journeys": [], "typo": 1 }""", "typo")]
    [InlineData("""{ "name": "x", "phases": [ { "name": "p", "seconds": "ten", "rate": 1 } ] }""", "phases[0].seconds")]
    [InlineData("""{ "name": "x", """, "line")]
    public void Parse_NotScenarioJson_SaysWhere(string json, string expected)
    {
        var error = Assert.Throws<ScenarioException>(() => ScenarioFile.Parse(json));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FileByPath_ParsesIt()
    {
        var path = Path.Combine(Path.GetTempPath(), $"scenario-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, Minimal);
        try
        {
            Assert.Equal("tiny", ScenarioFile.Load(path).Name);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Scaled_Factor_MultipliesEveryRateAndKeepsLengths()
    {
        var scenario = ScenarioFile.Parse(Minimal).Scaled(2.5);

        Assert.Equal([new Phase("flat", 10, 12.5, 12.5), new Phase("ramp", 5, 12.5, 37.5)], scenario.Phases);
    }

    [Fact]
    public void StretchedTo_Duration_ScalesEveryPhaseProportionally()
    {
        var scenario = ScenarioFile.Parse(Minimal).StretchedTo(TimeSpan.FromSeconds(45));

        Assert.Equal([new Phase("flat", 30, 5, 5), new Phase("ramp", 15, 5, 15)], scenario.Phases);
        Assert.Equal(45, scenario.TotalSeconds, 1e-9);
    }

    [Fact]
    public void StretchedTo_BlackFridayInOneMinute_KeepsItsShapeAndSpikeWithinSixtySeconds()
    {
        var original = ScenarioFile.Load("blackfriday");
        var shrunk = original.StretchedTo(TimeSpan.FromMinutes(1)).Scaled(0.5);

        Assert.Equal(60, shrunk.TotalSeconds, 1e-9);
        Assert.All(original.Phases.Zip(shrunk.Phases), pair =>
        {
            Assert.Equal(pair.First.Seconds / original.TotalSeconds, pair.Second.Seconds / 60, 1e-9);
            Assert.Equal(pair.First.ToRate / 2, pair.Second.ToRate, 1e-9);
        });
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    public void Scaled_NotPositive_Refused(double factor)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ScenarioFile.Parse(Minimal).Scaled(factor));
    }

    [Fact]
    public void AtConstantRate_Scenario_KeepsTheMixWithOnePhase()
    {
        var scenario = ScenarioFile.Parse(Minimal).AtConstantRate(42, 15);

        Assert.Equal([new Phase("constant", 15, 42, 42)], scenario.Phases);
        Assert.Equal(2, scenario.Journeys.Count);
    }
}

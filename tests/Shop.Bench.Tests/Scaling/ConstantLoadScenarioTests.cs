using System.Text.Json.Nodes;
using Shop.Bench.Scaling;

namespace Shop.Bench.Tests.Scaling;

public sealed class ConstantLoadScenarioTests
{
    [Fact]
    public void Constant_ShippedScenario_OnePhaseAtTheRateTheSameMixAndFewerBuyers()
    {
        var shipped = JsonNode.Parse("""
            {
              "name": "blackfriday",
              "phases": [ { "name": "warm-up", "seconds": 20, "from": 4, "to": 20 }, { "name": "plateau", "seconds": 30, "rate": 200 } ],
              "journeys": [ { "name": "browse", "weight": 70 }, { "name": "checkout", "weight": 30 } ],
              "buyers": 500,
              "checkout": { "maxLines": 3 }
            }
            """)!.AsObject();

        var constant = ConstantLoadScenario.Constant(shipped, "blackfriday", 12.5, 20);

        Assert.Equal("blackfriday-constant", constant["name"]!.GetValue<string>());
        var phase = Assert.Single(constant["phases"]!.AsArray())!;
        Assert.Equal((12.5, 20.0), (phase["rate"]!.GetValue<double>(), phase["seconds"]!.GetValue<double>()));
        Assert.Equal(ConstantLoadScenario.Buyers, constant["buyers"]!.GetValue<int>());
        Assert.Equal(shipped["journeys"]!.ToJsonString(), constant["journeys"]!.ToJsonString());
        Assert.Equal(3, constant["checkout"]!["maxLines"]!.GetValue<int>());
        // The shipped scenario is left as it was.
        Assert.Equal(2, shipped["phases"]!.AsArray().Count);
    }

    [Fact]
    public void Constant_FewBuyers_KeepsThem()
    {
        var shipped = JsonNode.Parse("""{ "name": "smoke", "phases": [], "buyers": 20 }""")!.AsObject();

        Assert.Equal(20, ConstantLoadScenario.Constant(shipped, "smoke", 1, 5)["buyers"]!.GetValue<int>());
    }
}

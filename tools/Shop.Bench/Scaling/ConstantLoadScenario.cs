using System.Globalization;
using System.Text.Json.Nodes;
using Shop.Bench.BlackFriday;

namespace Shop.Bench.Scaling;

/// <summary>
/// A shipped scenario's journey mix, catalog and checkout at one constant rate for one window: the load of an isolation
/// experiment, the same before, during and after a fault.
/// </summary>
public static class ConstantLoadScenario
{
    /// <summary>Fewer buyers than Black Friday's 500: each window signs its buyers in before it starts.</summary>
    public const int Buyers = 100;

    /// <summary>Writes the scenario file and returns its path.</summary>
    /// <exception cref="InvalidDataException">The shipped scenario is missing or not an object.</exception>
    public static async Task<string> WriteAsync(BenchTools tools, string mix, double rate, double seconds, string path, CancellationToken cancellationToken)
    {
        var shipped = Path.Combine(Path.GetDirectoryName(tools.LoadGenerator)!, "scenarios", mix + ".json");
        var scenario = JsonNode.Parse(await File.ReadAllTextAsync(shipped, cancellationToken)) as JsonObject
            ?? throw new InvalidDataException($"{shipped} is not a scenario object");
        await File.WriteAllTextAsync(path, Constant(scenario, mix, rate, seconds).ToJsonString(new() { WriteIndented = true }), cancellationToken);
        return path;
    }

    /// <summary>The scenario with its phases replaced by one constant phase.</summary>
    public static JsonObject Constant(JsonObject scenario, string mix, double rate, double seconds)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var constant = (JsonObject)scenario.DeepClone();
        constant["name"] = $"{mix}-constant";
        constant["description"] = string.Create(CultureInfo.InvariantCulture, $"The {mix} mix at a constant {rate} journeys/s for {seconds} s.");
        constant["phases"] = new JsonArray(new JsonObject { ["name"] = "load", ["seconds"] = seconds, ["rate"] = rate });
        if (constant["buyers"] is JsonValue buyers && buyers.TryGetValue<int>(out var count) && count > Buyers)
        {
            constant["buyers"] = Buyers;
        }
        return constant;
    }
}

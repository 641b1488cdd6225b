using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Shop.Architecture.Tests;

/// <summary>
/// Log event ids are how alerts and queries find a log line, so each one means one thing in the whole system: every
/// module, shared library and the gateway writes ids from a range of its own, and no two log methods share one.
/// </summary>
public sealed class LogEventIdTests
{
    /// <summary>
    /// The one table of ranges. Each <c>*Log</c> class says its owner's range in its summary, and the README's layout
    /// section points here.
    /// </summary>
    private static readonly Dictionary<string, (int First, int Last)> s_ranges = new()
    {
        ["Shop.Catalog"] = (1000, 1999),
        ["Shop.Cart"] = (2000, 2999),
        ["Shop.Order"] = (3000, 3999),
        ["Shop.Reporting"] = (4000, 4999),
        ["Shop.ServiceDefaults"] = (5000, 5099),
        ["Shop.Messaging"] = (5100, 5199),
        ["Shop.Persistence"] = (5200, 5299),
        ["Shop.Gateway"] = (6000, 6999),
    };

    private static readonly string[] s_sourceFolders = ["services", "gateway"];

    /// <summary>Every assembly of the running system: the modules with their contracts, the shared libraries, the hosts, the gateway.</summary>
    private static IEnumerable<Assembly> SystemAssemblies =>
        ShopAssemblies.Modules.SelectMany(module => new[] { ShopAssemblies.Library(module), ShopAssemblies.Contracts(module) })
            .Concat(ShopAssemblies.Shared)
            .Concat(ShopAssemblies.AllHosts)
            .Append(ShopAssemblies.Gateway)
            .Select(ShopAssemblies.Load);

    [Fact]
    public void LogMethods_EventIds_AreUniqueAcrossTheSystem()
    {
        var shared = LogMethods()
            .GroupBy(log => log.EventId)
            .Where(group => group.Count() > 1)
            .Select(group => $"{group.Key}: {string.Join(", ", group.Select(log => log.Name))}")
            .ToList();

        Assert.True(shared.Count == 0, $"event ids used by more than one log method: {string.Join("; ", shared)}");
    }

    [Fact]
    public void LogMethods_EventIds_AreInTheirAssemblysRange()
    {
        var outside = LogMethods()
            .Where(log => !s_ranges.TryGetValue(log.Assembly, out var range) || log.EventId < range.First || log.EventId > range.Last)
            .Select(log => $"{log.Name} ({log.EventId})")
            .ToList();

        Assert.True(outside.Count == 0,
            $"{string.Join(", ", outside)}: each assembly logs with ids of its own range, see {nameof(LogEventIdTests)}");
    }

    [Fact]
    public void Ranges_DoNotOverlap()
    {
        var ordered = s_ranges.OrderBy(range => range.Value.First).ToList();

        Assert.All(ordered.Zip(ordered.Skip(1)), pair =>
            Assert.True(pair.First.Value.Last < pair.Second.Value.First, $"{pair.First.Key} and {pair.Second.Key} overlap"));
    }

    [Fact]
    public void LogClasses_Summaries_StateTheirOwnersRange()
    {
        var classes = LogMethods().Select(log => (log.Assembly, log.DeclaringType)).Distinct().ToList();

        Assert.NotEmpty(classes);
        Assert.All(classes, logClass =>
        {
            var (first, last) = s_ranges[logClass.Assembly];
            var source = SourceFile(logClass.DeclaringType);
            Assert.Contains($"owns {first}-{last}", File.ReadAllText(source), StringComparison.Ordinal);
        });
    }

    private static IEnumerable<LogMethod> LogMethods() =>
        SystemAssemblies.SelectMany(assembly => assembly.GetTypes())
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(method => (method, attribute: method.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(pair => pair.attribute is not null)
            .Select(pair => new LogMethod(
                pair.method.DeclaringType!.Assembly.GetName().Name!,
                pair.method.DeclaringType,
                $"{pair.method.DeclaringType.FullName}.{pair.method.Name}",
                pair.attribute!.EventId));

    /// <summary>The file that declares <paramref name="type"/>, found by its name under services/ and gateway/.</summary>
    private static string SourceFile(Type type)
    {
        var files = s_sourceFolders
            .SelectMany(folder => Directory.GetFiles(Path.Combine(ShopAssemblies.Root, folder), type.Name + ".cs", SearchOption.AllDirectories))
            .ToList();
        return Assert.Single(files);
    }

    private sealed record LogMethod(string Assembly, Type DeclaringType, string Name, int EventId);
}

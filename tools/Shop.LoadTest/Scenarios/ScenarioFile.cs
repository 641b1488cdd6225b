using System.Text.Json;
using System.Text.Json.Serialization;

namespace Shop.LoadTest.Scenarios;

/// <summary>
/// Reads scenario files: the ones shipped with the tool by name (<c>smoke</c>, <c>blackfriday</c>, from the
/// <c>scenarios</c> folder next to it) or any file by path. Unknown properties are errors, so a typo is not silently
/// ignored; every rule broken is reported at once with its JSON path.
/// </summary>
public static class ScenarioFile
{
    /// <summary>Where the shipped scenarios are.</summary>
    public static string ShippedFolder { get; } = Path.Combine(AppContext.BaseDirectory, "scenarios");

    private static readonly JsonSerializerOptions s_options = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        PropertyNameCaseInsensitive = false,
    };

    /// <summary>A shipped scenario by name, or a file when <paramref name="nameOrPath"/> ends in <c>.json</c> or names an existing file.</summary>
    public static Scenario Load(string nameOrPath)
    {
        var path = nameOrPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || File.Exists(nameOrPath)
            ? nameOrPath
            : Path.Combine(ShippedFolder, nameOrPath + ".json");
        if (!File.Exists(path))
        {
            var shipped = Directory.Exists(ShippedFolder)
                ? string.Join(", ", Directory.EnumerateFiles(ShippedFolder, "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal))
                : "none";
            throw new ScenarioException($"Scenario '{nameOrPath}' not found (shipped scenarios: {shipped}; or give a path to a .json file).");
        }
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses and validates scenario JSON; <paramref name="source"/> names it in error messages.</summary>
    public static Scenario Parse(string json, string source = "scenario")
    {
        ScenarioDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<ScenarioDocument>(json, s_options);
        }
        catch (JsonException ex)
        {
            throw new ScenarioException(source, [$"not valid scenario JSON at {ex.Path ?? "$"} (line {ex.LineNumber + 1}): {ex.Message}"]);
        }
        if (document is null)
        {
            throw new ScenarioException(source, ["the file is empty (null)"]);
        }
        return new ScenarioValidation(source).Validate(document);
    }

    /// <summary>Checks every rule and collects what is broken, so one run of the tool reports them all.</summary>
    private sealed class ScenarioValidation(string source)
    {
        private readonly List<string> _problems = [];

        public Scenario Validate(ScenarioDocument document)
        {
            var name = Require(document.Name, "name");
            var phases = Phases(document.Phases);
            var journeys = Journeys(document.Journeys);
            var buyers = Range(document.Buyers ?? 100, "buyers", 1, 1_000_000);
            var catalog = Catalog(document.Catalog ?? new CatalogDocument());
            var checkout = Checkout(document.Checkout ?? new CheckoutDocument());
            var limits = Limits(document.Limits ?? new LimitsDocument());
            if (_problems.Count > 0)
            {
                throw new ScenarioException(source, _problems);
            }
            return new Scenario(name!, document.Description, phases, journeys, buyers, catalog, checkout, limits);
        }

        private List<Phase> Phases(List<PhaseDocument>? documents)
        {
            var phases = new List<Phase>();
            var problemsBefore = _problems.Count;
            if (documents is null || documents.Count == 0)
            {
                _problems.Add("phases: at least one phase is required");
                return phases;
            }
            for (var i = 0; i < documents.Count; i++)
            {
                var path = $"phases[{i}]";
                var phase = documents[i];
                var name = Require(phase.Name, path + ".name");
                if (!(phase.Seconds is > 0 and < 86_400))
                {
                    _problems.Add($"{path}.seconds must be more than 0 and less than a day");
                }
                double from, to;
                if (phase.Rate is { } rate)
                {
                    if (phase.From is not null || phase.To is not null)
                    {
                        _problems.Add($"{path}: give either 'rate' (constant) or 'from' and 'to' (linear ramp), not both");
                    }
                    (from, to) = (rate, rate);
                }
                else if (phase.From is { } start && phase.To is { } end)
                {
                    (from, to) = (start, end);
                }
                else
                {
                    _problems.Add($"{path}: 'rate' (constant) or both 'from' and 'to' (linear ramp) are required");
                    continue;
                }
                if (!(from >= 0) || !(to >= 0) || double.IsInfinity(from) || double.IsInfinity(to))
                {
                    _problems.Add($"{path}: rates must be finite and at least 0 journeys per second");
                }
                phases.Add(new Phase(name ?? string.Empty, phase.Seconds ?? 0, from, to));
            }
            if (_problems.Count == problemsBefore && phases.Sum(p => p.Arrivals) <= 0)
            {
                _problems.Add("phases: the rates are all 0, so no journey would start");
            }
            return phases;
        }

        private List<JourneyWeight> Journeys(List<JourneyDocument>? documents)
        {
            var journeys = new List<JourneyWeight>();
            var problemsBefore = _problems.Count;
            if (documents is null || documents.Count == 0)
            {
                _problems.Add($"journeys: at least one journey is required ({string.Join(", ", JourneyNames.All)})");
                return journeys;
            }
            for (var i = 0; i < documents.Count; i++)
            {
                var path = $"journeys[{i}]";
                var name = Require(documents[i].Name, path + ".name");
                if (name is not null && !JourneyNames.All.Contains(name))
                {
                    _problems.Add($"{path}.name '{name}' is not a journey; known: {string.Join(", ", JourneyNames.All)}");
                }
                if (journeys.Any(j => j.Name == name))
                {
                    _problems.Add($"{path}.name '{name}' appears twice");
                }
                var weight = documents[i].Weight;
                if (!(weight is >= 0) || double.IsInfinity(weight.Value))
                {
                    _problems.Add($"{path}.weight must be a finite number of at least 0");
                }
                journeys.Add(new JourneyWeight(name ?? string.Empty, weight ?? 0));
            }
            if (_problems.Count == problemsBefore && journeys.Sum(j => j.Weight) <= 0)
            {
                _problems.Add("journeys: the weights add up to 0");
            }
            return journeys;
        }

        private CatalogSettings Catalog(CatalogDocument document)
        {
            var terms = document.SearchTerms ?? ["headphones", "laptop", "backpack"];
            if (terms.Count == 0 || terms.Any(string.IsNullOrWhiteSpace))
            {
                _problems.Add("catalog.searchTerms must hold at least one non-empty term");
            }
            var hot = document.HotProducts ?? new HotProductsDocument();
            var share = hot.Share ?? 0;
            if (!(share is >= 0 and <= 1))
            {
                _problems.Add("catalog.hotProducts.share must be between 0 and 1");
            }
            var skus = hot.Skus ?? [];
            if (skus.Any(string.IsNullOrWhiteSpace))
            {
                _problems.Add("catalog.hotProducts.skus must not hold empty SKUs");
            }
            if (share > 0 && skus.Count == 0)
            {
                _problems.Add("catalog.hotProducts.share is above 0 but no skus are given");
            }
            if (hot.RestockTo is { } restock)
            {
                Range(restock, "catalog.hotProducts.restockTo", 0, 100_000);
            }
            return new CatalogSettings(
                Range(document.ProductPages ?? 3, "catalog.productPages", 1, 100),
                Range(document.ListPages ?? 10, "catalog.listPages", 1, 500),
                terms,
                new HotProductSettings(skus, share, hot.RestockTo),
                Range(document.MinPurchasableStock ?? 10, "catalog.minPurchasableStock", 1, 100_000));
        }

        private CheckoutSettings Checkout(CheckoutDocument document) =>
            new(
                Range(document.MaxLines ?? 3, "checkout.maxLines", 1, 20),
                Range(document.StatusPolls ?? 5, "checkout.statusPolls", 0, 100),
                TimeSpan.FromMilliseconds(Range(document.StatusPollIntervalMs ?? 500, "checkout.statusPollIntervalMs", 1, 60_000)));

        private GeneratorLimits Limits(LimitsDocument document)
        {
            var defaults = GeneratorLimits.Default;
            return new GeneratorLimits(
                Range(document.MaxConcurrency ?? defaults.MaxConcurrency, "limits.maxConcurrency", 1, 1_000_000),
                Range(document.Connections ?? defaults.Connections, "limits.connections", 1, 65_000),
                TimeSpan.FromSeconds(Range(document.RequestTimeoutSeconds ?? defaults.RequestTimeout.TotalSeconds, "limits.requestTimeoutSeconds", 0.01, 600)),
                TimeSpan.FromMilliseconds(Range(document.LateStartMs ?? defaults.LateStartThreshold.TotalMilliseconds, "limits.lateStartMs", 0.1, 10_000)));
        }

        private string? Require(string? value, string path)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                _problems.Add($"{path} is required");
                return null;
            }
            return value;
        }

        private int Range(int value, string path, int min, int max)
        {
            if (value < min || value > max)
            {
                _problems.Add($"{path} must be between {min} and {max} (is {value})");
            }
            return value;
        }

        private double Range(double value, string path, double min, double max)
        {
            if (!(value >= min && value <= max))
            {
                _problems.Add($"{path} must be between {min} and {max} (is {value})");
            }
            return value;
        }
    }

    private sealed class ScenarioDocument
    {
        public string? Name { get; set; }
        public string? Description { get; set; }
        public List<PhaseDocument>? Phases { get; set; }
        public List<JourneyDocument>? Journeys { get; set; }
        public int? Buyers { get; set; }
        public CatalogDocument? Catalog { get; set; }
        public CheckoutDocument? Checkout { get; set; }
        public LimitsDocument? Limits { get; set; }
    }

    private sealed class PhaseDocument
    {
        public string? Name { get; set; }
        public double? Seconds { get; set; }
        public double? Rate { get; set; }
        public double? From { get; set; }
        public double? To { get; set; }
    }

    private sealed class JourneyDocument
    {
        public string? Name { get; set; }
        public double? Weight { get; set; }
    }

    private sealed class CatalogDocument
    {
        public int? ProductPages { get; set; }
        public int? ListPages { get; set; }
        public List<string>? SearchTerms { get; set; }
        public HotProductsDocument? HotProducts { get; set; }
        public int? MinPurchasableStock { get; set; }
    }

    private sealed class HotProductsDocument
    {
        public List<string>? Skus { get; set; }
        public double? Share { get; set; }
        public int? RestockTo { get; set; }
    }

    private sealed class CheckoutDocument
    {
        public int? MaxLines { get; set; }
        public int? StatusPolls { get; set; }
        public int? StatusPollIntervalMs { get; set; }
    }

    private sealed class LimitsDocument
    {
        public int? MaxConcurrency { get; set; }
        public int? Connections { get; set; }
        public double? RequestTimeoutSeconds { get; set; }
        public double? LateStartMs { get; set; }
    }
}

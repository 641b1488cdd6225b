using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Shop.Deployment.Tests.Monitoring;

/// <summary>
/// helm/shop/alerts/rules.yaml: valid for promtool with lint as errors, its unit tests pass, and every alert carries
/// what an on-call person needs (severity, summary, description, a runbook section that exists).
/// </summary>
public sealed partial class AlertRuleTests
{
    private const string RunbookBase = "https://github.com/shop-reference/shop/blob/main/helm/shop/alerts/RUNBOOK.md#";

    /// <summary>Names are part of the contract: silences, routes and dashboards refer to them.</summary>
    private static readonly string[] s_alertNames =
    [
        "CheckoutLatencyBudgetBurn", "HighErrorRate", "InstanceDown", "MessagesInErrorQueue", "OutboxBacklog", "PodRestarting", "QueueDepthHigh",
    ];

    private static readonly string[] s_severities = ["critical", "warning", "info"];

    [Fact]
    public async Task RuleFile_PromtoolCheckWithLintFatal_Succeeds()
    {
        var (exitCode, output) = await Promtool.RunAsync(MonitoringFiles.AlertsDirectory, "check", "rules", "--lint-fatal", "rules.yaml");

        Assert.True(exitCode == 0, $"promtool check rules failed:{Environment.NewLine}{output}");
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RuleFile_PromtoolUnitTests_Pass()
    {
        var (exitCode, output) = await Promtool.RunAsync(MonitoringFiles.AlertsDirectory, "test", "rules", "rules.test.yaml");

        Assert.True(exitCode == 0, $"promtool test rules failed:{Environment.NewLine}{output}");
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Alerts_Names_AreTheStableSet()
    {
        var names = Alerts().Select(alert => Scalar(alert, "alert")).Distinct().Order(StringComparer.Ordinal);

        Assert.Equal(s_alertNames, names);
    }

    [Fact]
    public void EveryAlert_HasSeveritySummaryDescriptionAndARunbookSection()
    {
        var sections = RunbookAnchors();

        Assert.All(Alerts(), alert =>
        {
            var name = Scalar(alert, "alert");
            var labels = (YamlMappingNode)alert["labels"];
            var annotations = (YamlMappingNode)alert["annotations"];
            Assert.Contains(Scalar(labels, "severity"), s_severities);
            Assert.False(string.IsNullOrWhiteSpace(Scalar(annotations, "summary")), $"{name} has no summary");
            Assert.False(string.IsNullOrWhiteSpace(Scalar(annotations, "description")), $"{name} has no description");
            var runbook = Scalar(annotations, "runbook_url");
            Assert.Equal(RunbookBase + name.ToLowerInvariant(), runbook);
            Assert.True(sections.Contains(name.ToLowerInvariant()), $"RUNBOOK.md has no section \"## {name}\" for {runbook}");
        });
    }

    [Fact]
    public void UnitTests_ShowEveryAlertFiringAndStayingQuiet()
    {
        var cases = ((YamlSequenceNode)Load(MonitoringFiles.RuleTests)["tests"])
            .Cast<YamlMappingNode>()
            .Where(test => test.Children.ContainsKey("alert_rule_test"))
            .SelectMany(test => ((YamlSequenceNode)test["alert_rule_test"]).Cast<YamlMappingNode>())
            .Select(check => (Alert: Scalar(check, "alertname"), Fires: ((YamlSequenceNode)check["exp_alerts"]).Children.Count > 0))
            .ToList();

        Assert.All(s_alertNames, name =>
        {
            Assert.True(cases.Contains((name, true)), $"rules.test.yaml never shows {name} firing");
            Assert.True(cases.Contains((name, false)), $"rules.test.yaml never shows {name} staying quiet");
        });
    }

    private static List<YamlMappingNode> Alerts() =>
        ((YamlSequenceNode)Load(MonitoringFiles.Rules)["groups"])
            .Cast<YamlMappingNode>()
            .SelectMany(group => ((YamlSequenceNode)group["rules"]).Cast<YamlMappingNode>())
            .Where(rule => rule.Children.ContainsKey("alert"))
            .ToList();

    /// <summary>The anchors GitHub gives the runbook's second-level headings (lower case, spaces as dashes).</summary>
    private static HashSet<string> RunbookAnchors() =>
        File.ReadAllLines(MonitoringFiles.Runbook)
            .Select(line => HeadingPattern().Match(line))
            .Where(match => match.Success)
            .Select(match => match.Groups["title"].Value.Trim().ToLowerInvariant().Replace(' ', '-'))
            .ToHashSet();

    private static YamlMappingNode Load(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static string Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) && value is YamlScalarNode scalar ? scalar.Value ?? "" : "";

    [GeneratedRegex("^## (?<title>.+)$")]
    private static partial Regex HeadingPattern();
}

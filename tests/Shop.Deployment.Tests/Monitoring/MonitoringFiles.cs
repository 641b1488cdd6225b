using Shop.Testing.Monitoring;

namespace Shop.Deployment.Tests.Monitoring;

/// <summary>Where the dashboards, the alert rules and their runbook live in the repository.</summary>
public static class MonitoringFiles
{
    public static string Root => RepositoryLayout.Root;

    public static string DashboardsDirectory => Path.Combine(Root, "helm", "shop", "dashboards");

    public static string AlertsDirectory => Path.Combine(Root, "helm", "shop", "alerts");

    public static string Rules => Path.Combine(AlertsDirectory, "rules.yaml");

    public static string RuleTests => Path.Combine(AlertsDirectory, "rules.test.yaml");

    public static string Runbook => Path.Combine(AlertsDirectory, "RUNBOOK.md");

    /// <summary>Every dashboard file, by file name (what compose mounts and the chart turns into ConfigMaps).</summary>
    public static GrafanaDashboard Dashboard(string fileName) => GrafanaDashboard.Load(Path.Combine(DashboardsDirectory, fileName));

    public static IReadOnlyList<string> Dashboards() =>
        Directory.GetFiles(DashboardsDirectory, "*.json").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
}

namespace Shop.Deployment.Tests.Helm;

/// <summary>helm lint --strict of the chart in both modes, with the default values and each values file.</summary>
public sealed class ChartLintTests
{
    public static TheoryData<string, string> Cases
    {
        get
        {
            var cases = new TheoryData<string, string>();
            foreach (var mode in ShopChart.Modes)
            {
                cases.Add(mode, "");
                foreach (var file in ShopChart.ValuesFiles)
                {
                    cases.Add(mode, file);
                }
            }
            return cases;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Lint_ModeAndValuesFile_PassesStrict(string mode, string valuesFile)
    {
        var result = await ShopChart.LintAsync(["--set", $"mode={mode}", .. valuesFile.Length == 0 ? [] : ShopChart.ValuesFile(valuesFile)]);

        Assert.True(result.ExitCode == 0, $"helm lint --strict ({mode}, {valuesFile}) failed: {result.Describe()}");
        Assert.Contains("0 chart(s) failed", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Package_Chart_LeavesTestToolingOut()
    {
        var destination = Directory.CreateTempSubdirectory("shop-chart-");
        try
        {
            var result = await ShopChart.HelmAsync("package", ChartTools.ChartDirectory, "--destination", destination.FullName);
            Assert.True(result.ExitCode == 0, result.Describe());
            var archive = Assert.Single(destination.GetFiles("shop-*.tgz"));
            var listing = await ChartTools.RunAsync("tar", ["-tzf", archive.FullName]);

            Assert.Contains("shop/templates/deployment.yaml", listing.Output, StringComparison.Ordinal);
            Assert.Contains("shop/values.schema.json", listing.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("node_modules", listing.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(".mjs", listing.Output, StringComparison.Ordinal);
            Assert.Contains("shop/alerts/rules.yaml", listing.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("rules.test.yaml", listing.Output, StringComparison.Ordinal); // promtool's fixture, see .helmignore
        }
        finally
        {
            destination.Delete(recursive: true);
        }
    }
}

using System.Text.RegularExpressions;
using Shop.EndToEnd.Tests.Infrastructure;

namespace Shop.EndToEnd.Tests;

/// <summary>The fuzz's view of the public API, held to README's API table and its documented server rejections.</summary>
public sealed partial class PublicRoutesTests
{
    [Fact]
    public void FuzzedRoutes_AreTheRoutesOfTheReadmeApiTable()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryLayout.Root, "README.md"));
        var start = readme.IndexOf("\n## API", StringComparison.Ordinal);
        var api = readme[start..readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal)];
        var documented = TableRow().Matches(api)
            .SelectMany(row => Route().Matches(row.Groups["first"].Value))
            .Select(route => $"{route.Groups["method"].Value} {route.Groups["path"].Value}")
            .Order(StringComparer.Ordinal)
            .ToList();

        var fuzzed = PublicRoute.All(new ApiValues("product", "category", "key", "buyer.token.AAAA", "admin.token.AAAA"))
            .Select(route => $"{route.Method} {route.Template}")
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.NotEmpty(documented);
        Assert.Equal(documented, fuzzed);
    }

    [Fact]
    public void Predict_DocumentedServerRejections_GivesTheirStatus()
    {
        Assert.All(ServerRejections.Documented, rejection =>
            Assert.True(ServerRejections.Predict(rejection.Request()) == rejection.Status, rejection.What));
    }

    [Theory]
    [InlineData("/api/catalog/products?q=%00")]
    [InlineData("/api/catalog/products/%2500")]
    [InlineData("/api/catalog/products/a%01b")]
    public void Predict_RequestsThePipelineAnswers_GivesNothing(string target)
    {
        Assert.Null(ServerRejections.Predict(new RawHttpRequest("GET", target).WithHeader("X-Anything", [0xC3, 0xA9])));
    }

    [GeneratedRegex(@"^\| (?<first>(?:[^|\\]|\\.)+) \|", RegexOptions.Multiline)]
    private static partial Regex TableRow();

    [GeneratedRegex(@"`(?<method>GET|POST|PUT|DELETE|PATCH) (?<path>/[^`?\s]*)")]
    private static partial Regex Route();
}

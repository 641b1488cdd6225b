using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Shop.Bench.Tests.Infrastructure;

/// <summary>
/// apt's chromium, run headless on a file. deploy/local/tools-chromium.sh installs it and exports SHOP_TEST_CHROMIUM;
/// ./shop test calls it before the tests.
/// </summary>
public static partial class HeadlessChromium
{
    public static string Executable
    {
        get
        {
            var path = Environment.GetEnvironmentVariable("SHOP_TEST_CHROMIUM");
            if (string.IsNullOrEmpty(path) || !File.Exists(path))
            {
                Assert.Fail("SHOP_TEST_CHROMIUM does not name a Chromium binary (it is '" + path + "'). Install it with " +
                    "`source deploy/local/tools-chromium.sh && ensure_chromium_tools` and export the variable it sets; ./shop test does both.");
            }
            return path;
        }
    }

    /// <summary>The page's DOM after its scripts ran.</summary>
    public static async Task<string> DumpDomAsync(string htmlFile) =>
        await RunAsync(["--dump-dom", new Uri(htmlFile).AbsoluteUri]);

    public static async Task ScreenshotAsync(string htmlFile, string pngFile, int width, int height) =>
        await RunAsync([$"--screenshot={pngFile}", $"--window-size={width},{height}", "--hide-scrollbars", new Uri(htmlFile).AbsoluteUri]);

    /// <summary>An attribute of the page's &lt;html&gt; or &lt;body&gt; in a dumped DOM; fails the test when it is missing.</summary>
    public static string Attribute(string dom, string element, string attribute)
    {
        var tag = (element == "html" ? HtmlTag() : BodyTag()).Match(dom);
        Assert.True(tag.Success, $"no <{element}> in the DOM");
        var value = Regex.Match(tag.Value, $"{attribute}=\"([^\"]*)\"");
        Assert.True(value.Success, $"<{element}> has no {attribute}: {tag.Value}");
        return value.Groups[1].Value;
    }

    private static async Task<string> RunAsync(IEnumerable<string> arguments)
    {
        var profile = Directory.CreateTempSubdirectory("shop-chromium-");
        try
        {
            var start = new ProcessStartInfo(Executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run", $"--user-data-dir={profile.FullName}" }.Concat(arguments))
            {
                start.ArgumentList.Add(argument);
            }
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            // A deadline so a stuck browser fails the test instead of hanging the suite; not a measure of speed.
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("chromium did not finish within 2 minutes: " + await errors);
            }
            Assert.True(process.ExitCode == 0, $"chromium exited with {process.ExitCode}: {await errors}");
            return await output;
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }

    [GeneratedRegex("<html[^>]*>")]
    private static partial Regex HtmlTag();

    [GeneratedRegex("<body[^>]*>")]
    private static partial Regex BodyTag();
}

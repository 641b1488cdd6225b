using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Shop.Reporting.Tests.Infrastructure;

/// <summary>The real <c>Shop.Reporting.Host</c> in process, configured the way the deployment scripts configure it.</summary>
/// <param name="settings">Configuration, as a deployment's environment variables would give it.</param>
/// <param name="environment">
/// The host environment. Not Development by default: errors must look exactly as they do in production (no developer
/// pages, no rethrown bad requests).
/// </param>
internal sealed class ReportingApplicationFactory(IReadOnlyDictionary<string, string> settings, string environment = ReportingApplicationFactory.TestingEnvironment)
    : WebApplicationFactory<Program>
{
    public const string TestingEnvironment = "Testing";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Shop.Reporting.Tests.Infrastructure;

/// <summary>The real <c>Shop.Reporting.Host</c> in process, configured the way the deployment scripts configure it.</summary>
internal sealed class ReportingApplicationFactory(IReadOnlyDictionary<string, string> settings) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Not Development: errors must look exactly as they do in production (no developer pages, no rethrown bad requests).
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Shop.Cart.Tests.Infrastructure;

/// <summary>The real <c>Shop.Cart.Host</c> in process, configured the way the deployment scripts configure it.</summary>
internal sealed class CartApplicationFactory(IReadOnlyDictionary<string, string> settings) : WebApplicationFactory<Program>
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

using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Shop.ServiceDefaults.Observability;

/// <summary>One JSON object per log line, with scopes (correlation id, request path) included.</summary>
public static class StructuredLogging
{
    public static WebApplicationBuilder AddStructuredLogging(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        // "simple" keeps logs readable for people running a host by hand; JSON is the default for machines.
        if (string.Equals(builder.Configuration["Shop:LogFormat"], "simple", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.AddSimpleConsole(options => options.IncludeScopes = true);
        }
        else
        {
            builder.Logging.AddJsonConsole(options =>
            {
                options.IncludeScopes = true;
                options.UseUtcTimestamp = true;
                options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                options.JsonWriterOptions = new() { Indented = false };
            });
        }
        builder.Services.Configure<ConsoleLoggerOptions>(options => options.MaxQueueLength = 10_000);
        return builder;
    }
}

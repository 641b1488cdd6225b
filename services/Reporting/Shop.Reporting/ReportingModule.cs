using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Messaging;
using Shop.Reporting.Diagnostics;
using Shop.Reporting.Faults;
using Shop.Reporting.Features.CartEvents;
using Shop.Reporting.Features.Funnel;
using Shop.Reporting.Features.OrderEvents;
using Shop.Reporting.Features.Sales;
using Shop.Reporting.Features.Summary;
using Shop.Reporting.Features.TopProducts;
using Shop.Reporting.Persistence;
using Shop.Reporting.Rebuild;
using Shop.Reporting.Rollup;
using Shop.Persistence;
using Shop.ServiceDefaults.Auth;
using Shop.ServiceDefaults.Http;
using Shop.ServiceDefaults.Commands;

namespace Shop.Reporting;

/// <summary>
/// The Reporting module as a host sees it: one call to register its services and consumers, one to map its endpoints.
/// <c>Shop.Reporting.Host</c> makes these two calls alone (then <c>AddShopMessaging</c>); the monolith makes them next
/// to every other module's, so nothing here assumes the module is alone in the process.
/// </summary>
/// <remarks>
/// Queues: <c>reporting-order-submitted</c>, <c>reporting-order-confirmed</c>, <c>reporting-order-cancelled</c> (the
/// order module's events) and <c>reporting-cart-item-added</c> (the cart's). The module publishes nothing.
/// </remarks>
public static class ReportingModule
{
    /// <summary>
    /// The module's name: it prefixes the reporting queues (<c>reporting-order-confirmed</c>, ...) and readiness check,
    /// and tags its HTTP metrics (<c>shop_module</c>).
    /// </summary>
    public const string ModuleName = "reporting";

    /// <summary>Where the report endpoints are mapped; the gateway routes <c>/api/reports/**</c> to the module.</summary>
    public const string RoutePrefix = "/api/reports";

    /// <summary>Connection string name of the reporting database (<c>ConnectionStrings:Reporting</c>).</summary>
    public const string DatabaseConnectionName = "Reporting";

    /// <summary>Readiness check of the reporting database.</summary>
    public const string PostgresHealthCheckName = "reporting-postgres";

    /// <summary>
    /// Connection string name of the order database, read only by the <c>rebuild</c> command
    /// (<c>ConnectionStrings:OrderSource</c>); serving does not need it.
    /// </summary>
    public const string OrderSourceConnectionName = "OrderSource";

    /// <summary>The reports' PostgreSQL database; there is nothing to seed, the reports fill from events (or <c>rebuild</c>).</summary>
    internal static PostgresModuleDatabase<ReportingDbContext> Database { get; } = new(
        ModuleName, DatabaseConnectionName, "shop_reporting", PostgresHealthCheckName, ReportingDbContext.Configure);

    /// <summary>
    /// Registers the reporting database context, the event consumers with their inbox, metrics, the <c>migrate</c>,
    /// <c>rollup</c> and <c>rebuild</c> commands, the readiness check and the fault switch (<c>Reporting:Faults</c>, off
    /// unless set). Fails at once when the connection string is missing or malformed, and on start when the fault switch
    /// is on outside Development, Test and Bench. The host calls <c>AddShopMessaging</c> afterwards.
    /// </summary>
    public static WebApplicationBuilder AddReportingModule(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        services.AddModuleDatabase(builder.Configuration, Database);
        services.AddOptions<RollupOptions>()
            .BindConfiguration(RollupOptions.SectionName)
            .Validate(options => options.IsValid(), RollupOptions.ValidationMessage)
            .ValidateOnStart();
        services.AddOptions<FaultOptions>().BindConfiguration(FaultOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FaultOptions>, FaultOptionsValidation>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ReportingMetrics>();
        services.TryAddScoped<ReportRebuilder>();
        // Created on the first fault request, which only a mapped fault endpoint can receive: no thread otherwise.
        services.TryAddSingleton<CpuHog>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostCommand, RollupCommand>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostCommand, RebuildCommand>());

        services.AddModuleMessaging(ModuleName, messaging => messaging
            .AddConsumer<OrderSubmittedConsumer>()      // reporting-order-submitted
            .AddConsumer<OrderConfirmedConsumer>()      // reporting-order-confirmed
            .AddConsumer<OrderCancelledConsumer>()      // reporting-order-cancelled
            .AddConsumer<CartItemAddedConsumer>()       // reporting-cart-item-added
            // Nothing is published; the relay is what deletes inbox rows older than the inbox retention.
            .AddOutbox<ReportingDbContext>());
        return builder;
    }

    /// <summary>
    /// Maps the report endpoints under <see cref="RoutePrefix"/>, and the fault endpoints (<c>faults/cpu-hog</c>) when
    /// <c>Reporting:Faults:Enabled</c> is true; every one needs an administrator's token.
    /// </summary>
    /// <exception cref="OptionsValidationException">The fault switch is on outside Development, Test and Bench.</exception>
    public static IEndpointRouteBuilder MapReportingModule(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var reports = endpoints.MapModuleGroup(RoutePrefix, ModuleName, "Reports").RequirePolicy(ShopClaims.AdminPolicy);
        reports.MapGetSummary();
        reports.MapGetSales();
        reports.MapGetTopProducts();
        reports.MapGetFunnel();
        MapFaults(reports, endpoints.ServiceProvider);
        return endpoints;
    }

    /// <summary>Reading the options validates them, so a refused switch stops the host here, before it listens.</summary>
    private static void MapFaults(RouteGroupBuilder reports, IServiceProvider services)
    {
        if (!services.GetRequiredService<IOptions<FaultOptions>>().Value.Enabled)
        {
            return;
        }
        reports.MapCpuHog();
        services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ReportingModule).FullName!)
            .FaultEndpointsEnabled(FaultOptions.EnabledKey, services.GetRequiredService<IHostEnvironment>().EnvironmentName);
    }
}

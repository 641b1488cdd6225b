using System.Diagnostics.Metrics;
using MassTransit.Monitoring;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shop.Messaging.Outbox;
using Shop.Messaging.Tests.Infrastructure;
using Shop.Messaging.Tests.TestModule;
using Shop.ServiceDefaults;
using Shop.ServiceDefaults.Health;
using Shop.ServiceDefaults.Observability;

namespace Shop.Messaging.Tests;

/// <summary>A real web host composed like a Shop service: AddServiceDefaults, a module, AddShopMessaging.</summary>
/// <remarks>
/// Alone in its collection: an OpenTelemetry meter provider listens to every meter of the process by name, and the
/// <c>Shop.Messaging</c> meters of test hosts running in parallel could be taken for this host's.
/// </remarks>
[Collection(nameof(ShopMessagingHostTests))]
public sealed class ShopMessagingHostTests(MessagingFixture fixture) : IClassFixture<MessagingFixture>
{
    [Fact]
    public async Task AddShopMessaging_InServiceHost_BusIsReadyAndMetricsAreExported()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ApplicationName = "Shop.Messaging.Tests" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration["ConnectionStrings:" + ShopMessaging.RabbitMqConnectionStringName] = fixture.VirtualHost.AmqpUri;
        builder.Configuration[$"{OutboxOptions.SectionName}:{nameof(OutboxOptions.PollingInterval)}"] = "00:00:00.200";
        builder.Configuration[$"{OutboxOptions.SectionName}:{nameof(OutboxOptions.StatisticsInterval)}"] = "00:00:00.200";
        builder.AddServiceDefaults();
        builder.Services.AddSingleton(new DeliveryLog());
        builder.Services.AddDbContext<TestDbContext>(options => options.UseNpgsql(fixture.Database.ConnectionString));
        builder.Services.AddModuleMessaging("orders", orders => orders.AddConsumer<OrderSubmittedConsumer>().AddOutbox<TestDbContext>());
        builder.AddShopMessaging();
        await using var app = builder.Build();
        app.UseServiceDefaults();
        await app.StartAsync();
        using var http = new HttpClient
        {
            BaseAddress = new Uri(app.Urls.First()),
        };

        string ready = "";
        await Eventually.HoldsAsync(async () =>
        {
            using var response = await http.GetAsync(HealthEndpoints.ReadyPath);
            ready = await response.Content.ReadAsStringAsync();
            return response.IsSuccessStatusCode;
        }, "the host reports ready");
        Assert.Contains("masstransit-bus", ready, StringComparison.Ordinal);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
            scope.ServiceProvider.GetRequiredService<IOutbox>().Publish(db, new OrderSubmitted(Guid.NewGuid(), "scraped"));
            await db.SaveChangesAsync();
        }

        // MassTransit keeps its meter in a static, created from the first host's services of the process; in this test
        // process that host is long gone. A probe on a meter of the same name shows what AddShopMessaging controls: that
        // the meter named MassTransit is exported.
        using var massTransitMeter = new Meter(InstrumentationOptions.MeterName);
        massTransitMeter.CreateCounter<long>("shop.messaging.tests.probe").Add(1);

        string metrics = "";
        await Eventually.HoldsAsync(async () =>
        {
            metrics = await http.GetStringAsync(Telemetry.MetricsPath);
            return metrics.Contains("shop_messaging_outbox_published_total", StringComparison.Ordinal)
                && metrics.Contains($"shop_messaging_tests_probe_total{{otel_scope_name=\"{InstrumentationOptions.MeterName}\"", StringComparison.Ordinal);
        }, "the outbox metrics and the MassTransit meter are exported");
        Assert.Contains("shop_messaging_outbox_pending{", metrics, StringComparison.Ordinal);
        Assert.Contains("module=\"orders\"", metrics, StringComparison.Ordinal);
        Assert.Contains("shop_messaging_outbox_oldest_pending_age_seconds", metrics, StringComparison.Ordinal);
        await app.StopAsync();
    }
}

[CollectionDefinition(nameof(ShopMessagingHostTests), DisableParallelization = true)]
public sealed class ShopMessagingHostTestsRunAlone;

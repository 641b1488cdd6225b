using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Shop.Catalog.Caching;
using Shop.Catalog.Diagnostics;
using Shop.Catalog.Features.ChangePrice;
using Shop.Catalog.Features.GetProduct;
using Shop.Catalog.Features.ListCategories;
using Shop.Catalog.Features.ListProducts;
using Shop.Catalog.Features.Restock;
using Shop.Catalog.Features.Shared;
using Shop.Catalog.Features.Snapshots;
using Shop.Catalog.Features.Stock;
using Shop.Catalog.Persistence;
using Shop.Catalog.Seeding;
using Shop.Messaging;
using Shop.Persistence;
using Shop.ServiceDefaults.Health;
using Shop.ServiceDefaults.Http;
using Shop.ServiceDefaults.Redis;

namespace Shop.Catalog;

/// <summary>
/// The Catalog module as a host sees it: one call to register its services, one to map its endpoints.
/// <c>Shop.Catalog.Host</c> makes these two calls alone; the monolith makes them next to every other module's,
/// so nothing here assumes the module is alone in the process.
/// </summary>
public static class CatalogModule
{
    /// <summary>
    /// The module's name: it prefixes the catalog's queues (<c>catalog-reserve-stock</c>, ...) and readiness checks, and
    /// tags its HTTP metrics (<c>shop_module</c>).
    /// </summary>
    public const string ModuleName = "catalog";

    /// <summary>Where the catalog's endpoints are mapped; the gateway routes <c>/api/catalog/**</c> to the module.</summary>
    public const string RoutePrefix = "/api/catalog";

    /// <summary>Connection string name of the catalog's PostgreSQL database (<c>ConnectionStrings:Catalog</c>).</summary>
    public const string DatabaseConnectionName = "Catalog";

    /// <summary>Readiness check of the catalog's PostgreSQL database.</summary>
    public const string PostgresHealthCheckName = "catalog-postgres";

    /// <summary>Connection string name of Redis (<c>ConnectionStrings:Redis</c>), shared with other modules.</summary>
    public const string RedisConnectionName = "Redis";

    /// <summary>Check of the product cache; degraded, not unready, when it fails.</summary>
    public const string RedisHealthCheckName = "catalog-redis";

    /// <summary>The catalog's PostgreSQL database; its <c>migrate</c> command also seeds an empty catalog.</summary>
    internal static PostgresModuleDatabase<CatalogDbContext> Database { get; } = new(
        ModuleName, DatabaseConnectionName, "shop_catalog", PostgresHealthCheckName, CatalogDbContext.Configure)
    {
        AfterMigrating = (services, cancellationToken) => services.GetRequiredService<CatalogSeeder>().SeedIfEmptyAsync(cancellationToken),
    };

    /// <summary>
    /// Registers the catalog's database context, cache, metrics, endpoint services, consumers and outbox, the
    /// <c>migrate</c> command and readiness checks. Fails at once when a connection string is missing or malformed.
    /// The host adds the bus itself with <c>AddShopMessaging()</c>, after every module.
    /// </summary>
    public static WebApplicationBuilder AddCatalogModule(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var services = builder.Services;

        services.AddModuleDatabase(configuration, Database);
        services.AddRedisConnection(configuration, RedisConnectionName);
        services.AddOptions<CatalogCacheOptions>()
            .Bind(configuration.GetSection(CatalogCacheOptions.SectionName))
            .Validate(options => options.IsValid(), $"{CatalogCacheOptions.SectionName} needs a KeyPrefix and a positive TimeToLive.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CatalogMetrics>();
        services.TryAddSingleton<ProductCache>();
        services.TryAddScoped<ProductUpdates>();
        services.TryAddScoped<CatalogSeeder>();

        services.AddModuleMessaging(ModuleName, messaging => messaging
            .AddConsumer<ReserveStockConsumer>()                                                     // catalog-reserve-stock
            .AddConsumer<ReleaseStockConsumer>()                                                     // catalog-release-stock
            .AddConsumer<GetProductSnapshotsConsumer, GetProductSnapshotsConsumerDefinition>()       // catalog-get-product-snapshots
            .AddOutbox<CatalogDbContext>());

        services.AddHealthChecks().AddRedisReadiness(RedisHealthCheckName);
        // Reads fall back to PostgreSQL when Redis is down, so losing Redis makes the catalog slower, not unusable:
        // report Degraded (still HTTP 200) instead of taking every replica out of rotation at once.
        services.Configure<HealthCheckServiceOptions>(options =>
        {
            foreach (var registration in options.Registrations.Where(r => r.Name == RedisHealthCheckName))
            {
                registration.FailureStatus = HealthStatus.Degraded;
            }
        });
        return builder;
    }

    /// <summary>Maps the public and admin endpoints under <see cref="RoutePrefix"/>.</summary>
    public static IEndpointRouteBuilder MapCatalogModule(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var catalog = endpoints.MapModuleGroup(RoutePrefix, ModuleName, "Catalog");
        catalog.MapListProducts();
        catalog.MapGetProduct();
        catalog.MapListCategories();
        catalog.MapChangePrice();
        catalog.MapRestock();
        return endpoints;
    }
}

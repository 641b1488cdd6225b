using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace Shop.ServiceDefaults.Observability;

/// <summary>Endpoint metadata naming the module that owns an endpoint.</summary>
/// <param name="Name">Lower-case module name, such as <c>catalog</c>.</param>
public sealed record ShopModuleMetadata(string Name);

/// <summary>
/// Labels every HTTP server measurement with the module that served it (<c>shop_module</c> in Prometheus). A service
/// and the monolith then export the same series per module, so one dashboard reads both deployments.
/// </summary>
public static class ModuleTag
{
    /// <summary>The tag name on <c>http.server.request.duration</c>.</summary>
    public const string Name = "shop.module";

    /// <summary>Marks every endpoint of the group as belonging to <paramref name="module"/>.</summary>
    public static RouteGroupBuilder ForModule(this RouteGroupBuilder group, string module)
    {
        ArgumentNullException.ThrowIfNull(group);
        return group.WithMetadata(new ShopModuleMetadata(module));
    }

    internal static IApplicationBuilder UseModuleMetricsTag(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            // Routing has already chosen the endpoint; requests that match none (404s) stay untagged.
            if (context.GetEndpoint()?.Metadata.GetMetadata<ShopModuleMetadata>() is { } module
                && context.Features.Get<IHttpMetricsTagsFeature>() is { } metrics)
            {
                metrics.Tags.Add(new KeyValuePair<string, object?>(Name, module.Name));
            }
            return next(context);
        });
}

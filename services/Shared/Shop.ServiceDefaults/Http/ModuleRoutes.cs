using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Shop.ServiceDefaults.Observability;

namespace Shop.ServiceDefaults.Http;

/// <summary>How a module maps its endpoints: the same group shape in every module, in a service host or the monolith.</summary>
public static class ModuleRoutes
{
    private static readonly string[] ProblemContentTypes = ["application/problem+json"];

    /// <summary>
    /// The route group of a module's endpoints: under <paramref name="routePrefix"/>, labelled with
    /// <paramref name="moduleName"/> for the HTTP metrics (see <see cref="ModuleTag"/>) and with its OpenAPI tag.
    /// </summary>
    public static RouteGroupBuilder MapModuleGroup(this IEndpointRouteBuilder endpoints, string routePrefix, string moduleName, string openApiTag)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapGroup(routePrefix).ForModule(moduleName).WithTags(openApiTag);
    }

    /// <summary>
    /// Requires <paramref name="policy"/> (one of <see cref="Auth.ShopClaims"/>' policies) and says what that answers:
    /// 401 without a valid token, 403 with a token the policy refuses, both as problem documents.
    /// </summary>
    public static TBuilder RequirePolicy<TBuilder>(this TBuilder builder, string policy)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .RequireAuthorization(policy)
            .WithMetadata(
                new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(ProblemDetails), ProblemContentTypes),
                new ProducesResponseTypeMetadata(StatusCodes.Status403Forbidden, typeof(ProblemDetails), ProblemContentTypes));
    }
}

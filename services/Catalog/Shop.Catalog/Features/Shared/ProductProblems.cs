using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Shop.Catalog.Domain;

namespace Shop.Catalog.Features.Shared;

/// <summary>The problem documents product endpoints answer with, worded once.</summary>
internal static class ProductProblems
{
    /// <summary>
    /// Ids are taken as strings and parsed here rather than with a <c>:guid</c> route constraint, because a failed
    /// constraint means "no such route": a bare 404, when the client's real mistake is a malformed id (400).
    /// </summary>
    public static bool TryParseId(string id, out Guid productId) => Guid.TryParse(id, out productId);

    public static ValidationProblem InvalidId() =>
        TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { ["id"] = ["The product id must be a GUID, for example 3f2c1a9e-5b7d-4c1e-8a2f-0d9b6e4c7a15."] },
            title: "The product id is malformed.");

    public static ProblemHttpResult NotFound(Guid productId) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "Product not found.",
            detail: $"The catalog has no product with id {productId}.");

    public static ProblemHttpResult Conflict(Guid productId) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "The product is being changed by someone else.",
            detail: $"Product {productId} changed repeatedly while this request tried to update it; send the request again.");

    public static ValidationProblem RuleBroken(CatalogRuleException rule) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [rule.Field] = [rule.Message] });
}

using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Shop.Order.Features.Shared;

/// <summary>The problem documents order endpoints answer with, worded once.</summary>
internal static class OrderProblems
{
    /// <summary>
    /// Ids are taken as strings and parsed here rather than with a <c>:guid</c> route constraint, because a failed
    /// constraint means "no such route": a bare 404, when the client's real mistake is a malformed id (400).
    /// </summary>
    public static bool TryParseId(string id, out Guid orderId) => Guid.TryParse(id, out orderId);

    public static ValidationProblem InvalidId() =>
        TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { ["id"] = ["The order id must be a GUID, for example 3f2c1a9e-5b7d-4c1e-8a2f-0d9b6e4c7a15."] },
            title: "The order id is malformed.");

    /// <summary>
    /// Also the answer for another buyer's order: saying "forbidden" would confirm that the id exists.
    /// </summary>
    public static ProblemHttpResult NotFound(Guid orderId) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "Order not found.",
            detail: $"You have no order with id {orderId}.");
}

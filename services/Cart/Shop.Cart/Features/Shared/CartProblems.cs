using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Shop.Order.Contracts.Messages;

namespace Shop.Cart.Features.Shared;

/// <summary>The problem documents cart endpoints answer with, worded once.</summary>
internal static class CartProblems
{
    /// <summary>
    /// Ids are taken as strings and parsed here rather than with a <c>:guid</c> route constraint, because a failed
    /// constraint means "no such route": a bare 404, when the client's real mistake is a malformed id (400).
    /// </summary>
    public static bool TryParseProductId(string productId, out Guid id) => Guid.TryParse(productId, out id);

    public static ValidationProblem InvalidProductId() =>
        TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { ["productId"] = ["The product id must be a GUID, for example 3f2c1a9e-5b7d-4c1e-8a2f-0d9b6e4c7a15."] },
            title: "The product id is malformed.");

    public static ValidationProblem InvalidQuantity() =>
        TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { ["quantity"] = [$"The quantity is required: a whole number from 0 (remove the line) to {CartRules.MaxQuantity}."] });

    public static ProblemHttpResult ProductNotFound(Guid productId) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "Product not found.",
            detail: $"The catalog has no product with id {productId}.");

    public static ProblemHttpResult CartFull(int maxLines) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "The cart is full.",
            detail: $"A cart holds at most {maxLines} different products; remove one before adding another.");

    public static ProblemHttpResult CartEmpty() =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "The cart is empty.",
            detail: "There is nothing to check out; add products to the cart first.");

    /// <summary>
    /// The order module refused the order as breaking its rules: its errors are keyed by the order's fields (such as
    /// <c>lines[0].quantity</c>). The cart's own limits make this rare (a buyer id longer than the order keeps, say).
    /// </summary>
    public static ValidationProblem OrderInvalid(OrderRejected rejection) =>
        TypedResults.ValidationProblem(rejection.Errors, detail: rejection.Detail, title: "The order was refused.");

    /// <summary>The order module refused the order because its id belongs to another checkout.</summary>
    public static ProblemHttpResult OrderConflict(OrderRejected rejection) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The order was refused.", detail: rejection.Detail);

    public static ValidationProblem InvalidIdempotencyKey(string header, int maxLength) =>
        TypedResults.ValidationProblem(
            new Dictionary<string, string[]>
            {
                [header] = [$"The {header} header is required: 1 to {maxLength} characters among letters, digits, '-', '_', '.' and ':' (a UUID is a good choice). Send the same value again to retry the same checkout."],
            },
            title: $"The {header} header is missing or malformed.");
}

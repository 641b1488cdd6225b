using Shop.Order.Contracts.Messages;
using Shop.Order.Domain;

namespace Shop.Order.Features.Checkout;

/// <summary>
/// Checks a <see cref="SubmitOrder"/> against the order rules and lists every problem at once, keyed by the
/// request field in the shape of a validation problem's <c>errors</c> (<c>lines[2].quantity</c>). Messages are
/// deserialised from JSON, so "required" fields may still be missing and are checked too.
/// </summary>
internal static class SubmitOrderValidator
{
    public static Dictionary<string, string[]> Validate(SubmitOrder command)
    {
        var errors = new Dictionary<string, string[]>();
        if (command.OrderId == Guid.Empty)
        {
            errors["orderId"] = ["orderId must be a non-empty GUID."];
        }
        RequireText(errors, "buyerId", command.BuyerId, Domain.Order.MaxBuyerIdLength);
        RequireText(errors, "idempotencyKey", command.IdempotencyKey, Domain.Order.MaxIdempotencyKeyLength);

        var lines = command.Lines;
        if (lines is null || lines.Count < Domain.Order.MinLines)
        {
            errors["lines"] = ["An order needs at least one line."];
            return errors;
        }
        if (lines.Count > Domain.Order.MaxLines)
        {
            errors["lines"] = [$"An order has at most {Domain.Order.MaxLines} lines."];
            return errors;
        }

        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var field = $"lines[{i}]";
            if (line is null)
            {
                errors[field] = ["The line is missing."];
                continue;
            }
            if (line.ProductId == Guid.Empty)
            {
                errors[$"{field}.productId"] = ["productId must be a non-empty GUID."];
            }
            RequireText(errors, $"{field}.name", line.Name, OrderItem.MaxNameLength);
            if (!OrderItem.IsValidUnitPrice(line.UnitPrice))
            {
                errors[$"{field}.unitPrice"] =
                    [$"unitPrice must be greater than 0 and at most {OrderItem.MaxUnitPrice}, with at most {OrderItem.PriceDecimals} decimals."];
            }
            if (line.Quantity is < OrderItem.MinQuantity or > OrderItem.MaxQuantity)
            {
                errors[$"{field}.quantity"] = [$"quantity must be between {OrderItem.MinQuantity} and {OrderItem.MaxQuantity}."];
            }
        }

        // The catalog reserves per product, so one product in two lines would be one reservation with two quantities.
        var repeated = lines.Where(line => line is not null && line.ProductId != Guid.Empty)
            .GroupBy(line => line.ProductId)
            .Where(group => group.Count() > 1)
            .Select(group => group.Key)
            .ToList();
        if (repeated.Count > 0)
        {
            errors["lines"] = [$"Each product may appear in one line only; repeated: {string.Join(", ", repeated)}."];
        }
        return errors;
    }

    private static void RequireText(Dictionary<string, string[]> errors, string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[field] = [$"{field} must not be empty."];
        }
        else if (value.Length > maxLength)
        {
            errors[field] = [$"{field} must be at most {maxLength} characters long."];
        }
    }
}

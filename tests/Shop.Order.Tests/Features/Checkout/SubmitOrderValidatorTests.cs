using Shop.Order.Contracts;
using Shop.Order.Contracts.Messages;
using Shop.Order.Features.Checkout;

namespace Shop.Order.Tests.Features.Checkout;

public sealed class SubmitOrderValidatorTests
{
    private static readonly Guid Kettle = Guid.NewGuid();

    private static SubmitOrder Valid() =>
        new(Guid.NewGuid(), "buyer-1", "key-1", [new OrderLine(Kettle, "Kettle", 12.50m, 2), new OrderLine(Guid.NewGuid(), "Mug", 3.99m, 1)]);

    public static TheoryData<string, SubmitOrder> InvalidRequests => new()
    {
        { "orderId", Valid() with { OrderId = Guid.Empty } },
        { "buyerId", Valid() with { BuyerId = " " } },
        { "buyerId", Valid() with { BuyerId = new string('b', 129) } },
        { "idempotencyKey", Valid() with { IdempotencyKey = "" } },
        { "idempotencyKey", Valid() with { IdempotencyKey = new string('k', 129) } },
        { "lines", Valid() with { Lines = [] } },
        { "lines", Valid() with { Lines = null! } },
        { "lines", Valid() with { Lines = [.. Enumerable.Range(0, 101).Select(_ => new OrderLine(Guid.NewGuid(), "Item", 1m, 1))] } },
        { "lines", Valid() with { Lines = [new OrderLine(Kettle, "Kettle", 1m, 1), new OrderLine(Kettle, "Kettle", 1m, 2)] } },
        { "lines[1]", Valid() with { Lines = [new OrderLine(Kettle, "Kettle", 1m, 1), null!] } },
        { "lines[0].productId", Valid() with { Lines = [new OrderLine(Guid.Empty, "Kettle", 1m, 1)] } },
        { "lines[0].name", Valid() with { Lines = [new OrderLine(Kettle, "", 1m, 1)] } },
        { "lines[0].unitPrice", Valid() with { Lines = [new OrderLine(Kettle, "Kettle", 0m, 1)] } },
        { "lines[0].unitPrice", Valid() with { Lines = [new OrderLine(Kettle, "Kettle", -5m, 1)] } },
        { "lines[0].unitPrice", Valid() with { Lines = [new OrderLine(Kettle, "Kettle", 1.999m, 1)] } },
        { "lines[0].quantity", Valid() with { Lines = [new OrderLine(Kettle, "Kettle", 1m, 0)] } },
        { "lines[0].quantity", Valid() with { Lines = [new OrderLine(Kettle, "Kettle", 1m, 101)] } },
    };

    [Fact]
    public void Validate_ValidRequest_FindsNothing() => Assert.Empty(SubmitOrderValidator.Validate(Valid()));

    [Fact]
    public void Validate_BoundaryValues_AreAccepted()
    {
        var command = Valid() with
        {
            BuyerId = new string('b', 128),
            IdempotencyKey = new string('k', 128),
            Lines = [.. Enumerable.Range(0, 100).Select(i => new OrderLine(Guid.NewGuid(), "Item", 0.01m, i % 2 == 0 ? 1 : 100))],
        };

        Assert.Empty(SubmitOrderValidator.Validate(command));
    }

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public void Validate_InvalidRequest_NamesTheField(string field, SubmitOrder command)
    {
        var errors = SubmitOrderValidator.Validate(command);

        Assert.True(errors.ContainsKey(field), $"expected an error for '{field}', got: {string.Join(", ", errors.Keys)}");
    }

    [Fact]
    public void Validate_SeveralMistakes_ReportsThemAll()
    {
        var command = new SubmitOrder(Guid.Empty, "", "", [new OrderLine(Kettle, "Kettle", 0m, 0)]);

        var errors = SubmitOrderValidator.Validate(command);

        Assert.Equal(["buyerId", "idempotencyKey", "lines[0].quantity", "lines[0].unitPrice", "orderId"], errors.Keys.Order(StringComparer.Ordinal));
    }
}

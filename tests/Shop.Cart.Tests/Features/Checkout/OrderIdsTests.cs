using Shop.Cart.Features.Checkout;

namespace Shop.Cart.Tests.Features.Checkout;

public sealed class OrderIdsTests
{
    [Fact]
    public void For_SameBuyerAndKey_GivesSameId() =>
        Assert.Equal(OrderIds.For("buyer-1", "key-1"), OrderIds.For("buyer-1", "key-1"));

    [Theory]
    [InlineData("buyer-1", "key-2")]
    [InlineData("buyer-2", "key-1")]
    [InlineData("buyer-1key", "-1")]
    public void For_OtherBuyerOrKey_GivesOtherId(string buyerId, string key) =>
        Assert.NotEqual(OrderIds.For("buyer-1", "key-1"), OrderIds.For(buyerId, key));

    [Fact]
    public void For_AnyInput_IsVersion8Rfc9562Uuid()
    {
        var bytes = OrderIds.For("buyer-1", "key-1").ToByteArray(bigEndian: true);

        Assert.Equal(0x80, bytes[6] & 0xF0);
        Assert.Equal(0x80, bytes[8] & 0xC0);
    }

    [Fact]
    public void For_KnownInput_GivesPinnedId() =>
        // A retried checkout may reach a replica running another version: the derivation must never change.
        // The value is SHA-256 over the namespace's big-endian bytes and "buyer-1\nkey-1", computed independently.
        Assert.Equal(new Guid("2666c223-c14f-8e0b-9892-4f5745076961"), OrderIds.For("buyer-1", "key-1"));
}

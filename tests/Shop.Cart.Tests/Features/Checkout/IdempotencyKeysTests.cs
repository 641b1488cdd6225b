using Shop.Cart.Features.Checkout;

namespace Shop.Cart.Tests.Features.Checkout;

public sealed class IdempotencyKeysTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("3f2c1a9e-5b7d-4c1e-8a2f-0d9b6e4c7a15")]
    [InlineData("order_2026.11.26:1")]
    public void IsValid_SafeKey_IsAccepted(string key) => Assert.True(IdempotencyKeys.IsValid(key));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("two words")]
    [InlineData("a,b")]
    [InlineData("line\nfeed")]
    [InlineData("ünïcode")]
    [InlineData("{tag}")]
    public void IsValid_UnsafeKey_IsRefused(string? key) => Assert.False(IdempotencyKeys.IsValid(key));

    [Fact]
    public void IsValid_Length_IsAtMost100() =>
        Assert.Equal((true, false), (IdempotencyKeys.IsValid(new string('k', 100)), IdempotencyKeys.IsValid(new string('k', 101))));
}

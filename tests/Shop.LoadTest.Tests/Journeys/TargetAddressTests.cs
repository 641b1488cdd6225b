using Shop.LoadTest.Journeys;

namespace Shop.LoadTest.Tests.Journeys;

public sealed class TargetAddressTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8080", "http://127.0.0.1:8080/")]
    [InlineData("http://localhost:8080/", "http://localhost:8080/")]
    [InlineData("http://127.0.0.5:1/shop", "http://127.0.0.5:1/shop/")]
    [InlineData("http://[::1]:8080", "http://[::1]:8080/")]
    public void Parse_Loopback_AcceptedAsABaseAddress(string value, string expected)
    {
        Assert.Equal(new Uri(expected), TargetAddress.Parse(value, allowRemote: false));
    }

    [Theory]
    [InlineData("http://10.0.0.1:8080")]
    [InlineData("http://shop.example.com")]
    [InlineData("http://0.0.0.0:8080")]
    public void Parse_Remote_RefusedUnlessAllowed(string value)
    {
        var error = Assert.Throws<ArgumentException>(() => TargetAddress.Parse(value, allowRemote: false));

        Assert.Contains("--allow-remote", error.Message, StringComparison.Ordinal);
        Assert.Equal(new Uri(value).Host, TargetAddress.Parse(value, allowRemote: true).Host);
    }

    [Theory]
    [InlineData("127.0.0.1:8080")]
    [InlineData("ftp://127.0.0.1/")]
    [InlineData("")]
    public void Parse_NotAnHttpAddress_Refused(string value)
    {
        Assert.Throws<ArgumentException>(() => TargetAddress.Parse(value, allowRemote: true));
    }
}

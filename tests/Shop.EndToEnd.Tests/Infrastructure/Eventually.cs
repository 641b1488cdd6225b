namespace Shop.EndToEnd.Tests.Infrastructure;

public static class Eventually
{
    /// <summary>Polls a condition until it holds or the deadline passes; asynchronous effects need no fixed sleeps.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string failure)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }
            await Task.Delay(200);
        }
        Assert.Fail($"{failure} (after {timeout})");
    }
}

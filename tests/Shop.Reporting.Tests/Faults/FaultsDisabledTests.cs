using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Shop.Reporting.Faults;
using Shop.Reporting.Tests.Infrastructure;

namespace Shop.Reporting.Tests.Faults;

/// <summary>Without the fault switch (every deployment's default) the fault endpoints do not exist, even for an administrator.</summary>
[Collection(nameof(CpuMeasuringTests))]
public sealed class FaultsDisabledTests(ReportingAppFixture app) : IClassFixture<ReportingAppFixture>
{
    public static TheoryData<string> Methods => CpuHogApiTests.Methods;

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task CpuHog_SwitchOff_Returns404AndStartsNoThread(string method)
    {
        using var client = app.CreateAdminClient();

        using var response = await client.SendAsync(CpuHogApiTests.Request(method));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var hog = app.Services.GetRequiredService<CpuHog>();
        Assert.Equal(0, hog.BurningThreads);
        Assert.False(hog.Status.Active);
    }

    [Fact]
    public void Start_SwitchOff_Refuses()
    {
        var hog = app.Services.GetRequiredService<CpuHog>();

        var refusal = Assert.Throws<InvalidOperationException>(() => hog.Start(1, TimeSpan.FromSeconds(1)));

        Assert.Contains(FaultOptions.EnabledKey, refusal.Message, StringComparison.Ordinal);
        Assert.Equal(0, hog.BurningThreads);
    }
}

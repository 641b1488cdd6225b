using Shop.Reporting.Projections;

namespace Shop.Reporting.Tests.Projections;

public sealed class BucketTimeTests
{
    [Fact]
    public void Minute_TimeWithOffset_IsTheUtcMinute()
    {
        var time = new DateTimeOffset(2025, 6, 1, 12, 34, 56, 789, TimeSpan.FromHours(2));

        Assert.Equal(new DateTimeOffset(2025, 6, 1, 10, 34, 0, TimeSpan.Zero), BucketTime.Minute(time));
    }

    [Fact]
    public void Ceiling_TimeOnABoundary_IsThatBoundary()
    {
        var hour = new DateTimeOffset(2025, 6, 1, 10, 0, 0, TimeSpan.Zero);

        Assert.Equal(hour, BucketTime.Ceiling(hour, TimeSpan.FromHours(1)));
        Assert.Equal(hour.AddHours(1), BucketTime.Ceiling(hour.AddTicks(1), TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Ceiling_LastHourThereIs_StaysInRange()
    {
        Assert.Equal(DateTimeOffset.MaxValue, BucketTime.Ceiling(DateTimeOffset.MaxValue.AddMinutes(-30), TimeSpan.FromHours(1)));
    }
}

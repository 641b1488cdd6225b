using Shop.Reporting.Contracts;

namespace Shop.Reporting.Tests.Infrastructure;

internal static class ReportAssert
{
    /// <summary>Summaries are equal field by field, the reasons dictionary by its entries.</summary>
    public static void Equal(SalesSummary expected, SalesSummary actual)
    {
        Assert.Equal(expected with { CancelledByReason = actual.CancelledByReason }, actual);
        Assert.Equal(expected.CancelledByReason.OrderBy(p => p.Key), actual.CancelledByReason.OrderBy(p => p.Key));
    }
}

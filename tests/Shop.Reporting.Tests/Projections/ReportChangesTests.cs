using Shop.Order.Contracts;
using Shop.Reporting.Projections;

namespace Shop.Reporting.Tests.Projections;

public sealed class ReportChangesTests
{
    private static readonly Guid ProductId = Guid.NewGuid();
    private static readonly DateTimeOffset Noon = new(2025, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private static ReportChanges Sale(DateTimeOffset at, string name, decimal price, int quantity)
    {
        var changes = new ReportChanges();
        changes.AddSale(at, [new OrderLine(ProductId, name, price, quantity)], price * quantity);
        return changes;
    }

    [Fact]
    public void Merge_SameChangesInAnyOrder_GiveTheSameTotalsAndName()
    {
        var sales = new[]
        {
            Sale(Noon, "Old name", 10.01m, 1),
            Sale(Noon.AddSeconds(30), "New name", 10.02m, 2),
            Sale(Noon.AddSeconds(10), "Middle name", 10.03m, 3),
        };

        var forward = new ReportChanges();
        foreach (var sale in sales)
        {
            forward.Merge(sale);
        }
        var backward = new ReportChanges();
        foreach (var sale in sales.Reverse())
        {
            backward.Merge(sale);
        }

        var expected = new ProductTotals("New name", 6, 10.01m + 20.04m + 30.09m, Noon.AddSeconds(30));
        Assert.Equal(expected, Assert.Single(forward.Products).Value);
        Assert.Equal(expected, Assert.Single(backward.Products).Value);
        Assert.Equal(new Totals(3, 6, 60.14m), Assert.Single(forward.Minutes).Value);
    }

    [Fact]
    public void Merge_TwoNamesAtTheSameTime_KeepsTheGreaterInUtf8Bytes()
    {
        // "é" (0xC3 0xA9 in UTF-8) sorts after "z" bytewise, as PostgreSQL's "C" collation sorts it.
        var changes = Sale(Noon, "zebra", 1m, 1);
        changes.Merge(Sale(Noon, "école", 1m, 1));

        Assert.Equal("école", Assert.Single(changes.Products).Value.Name);
    }

    [Fact]
    public void MarkBuyer_SeveralTimes_KeepsTheEarliestOfEachStep()
    {
        var changes = new ReportChanges();
        changes.MarkBuyer("b", new FunnelMarks(Noon.AddMinutes(5), null, null));
        changes.MarkBuyer("b", new FunnelMarks(Noon, Noon.AddMinutes(9), null));
        changes.MarkBuyer("b", new FunnelMarks(null, Noon.AddMinutes(7), Noon.AddMinutes(8)));

        Assert.Equal(new FunnelMarks(Noon, Noon.AddMinutes(7), Noon.AddMinutes(8)), Assert.Single(changes.Buyers).Value);
    }

    [Fact]
    public void Statuses_CountersThatNetToZero_AreLeftOut()
    {
        var changes = new ReportChanges();
        changes.AddStatus(OrderStatuses.Pending, null, new Totals(1, 2, 3m));
        changes.AddStatus(OrderStatuses.Pending, null, new Totals(-1, -2, -3m));
        changes.AddStatus(OrderStatuses.Confirmed, null, new Totals(1, 2, 3m));

        Assert.Equal(OrderStatuses.Confirmed, Assert.Single(changes.Statuses).Key.Status);
    }
}

using Shop.Topology.Limits;

namespace Shop.Topology.Tests.Limits;

public sealed class CpuLimitTests
{
    [Theory]
    [InlineData("0.25", 250, 25_000)]
    [InlineData("250m", 250, 25_000)]
    [InlineData("1", 1000, 100_000)]
    [InlineData("1.5", 1500, 150_000)]
    [InlineData("0.01", 10, 1_000)]
    [InlineData("0.333", 333, 33_300)]
    public void Parse_CoresOrMillicores_IsTheQuotaPerPeriod(string text, int millicores, int quota)
    {
        var limit = CpuLimit.Parse(text);

        Assert.Equal(millicores, limit.Millicores);
        Assert.Equal(quota, limit.QuotaMicroseconds);
        Assert.Equal(100_000, CpuLimit.PeriodMicroseconds);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("0m")]
    [InlineData("-1")]
    [InlineData("0.0001")]
    [InlineData("quarter")]
    [InlineData("1e3")]
    [InlineData("")]
    public void Parse_NotALimit_SaysWhatALimitIs(string text)
    {
        var failure = Assert.Throws<TopologyException>(() => CpuLimit.Parse(text));

        Assert.Contains("a CPU limit is a number of cores such as 0.25", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(250, "0.25")]
    [InlineData(1000, "1")]
    [InlineData(1500, "1.5")]
    [InlineData(333, "0.333")]
    public void ToString_IsCoresAsCpusTakesThem(int millicores, string text)
    {
        Assert.Equal(text, new CpuLimit(millicores).ToString());
        Assert.Equal(new CpuLimit(millicores), CpuLimit.Parse(text));
    }

    [Fact]
    public void FromQuota_RoundsToMillicores()
    {
        Assert.Equal(new CpuLimit(300), CpuLimit.FromQuota(30_000, 100_000));
        Assert.Equal(new CpuLimit(250), CpuLimit.FromQuota(12_500, 50_000));
        Assert.Null(CpuLimit.FromQuota(-1, 100_000));
    }

    [Fact]
    public void ParseSpecs_HostsLimitsAndNone()
    {
        var specs = CpuLimitSpecs.Parse(["catalog=0.3,order=500m", "gateway=none"], "--cpus").ToList();

        Assert.Equal([("catalog", new CpuLimit(300)), ("order", new CpuLimit(500)), ("gateway", (CpuLimit?)null)], specs);
    }

    [Theory]
    [InlineData("catalog", "--cpus takes host=cores")]
    [InlineData("catalog=", "--cpus takes host=cores")]
    [InlineData("=0.5", "--cpus takes host=cores")]
    [InlineData("catalog=fast", "--cpus catalog=fast: a CPU limit is a number of cores")]
    public void ParseSpecs_BadEntry_NamesIt(string spec, string message)
    {
        var failure = Assert.Throws<TopologyException>(() => CpuLimitSpecs.Parse([spec], "--cpus").ToList());

        Assert.StartsWith(message, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ForState_TwoStateFolders_NeverShareAScope()
    {
        var shop = CgroupScope.ForState("/work/main/.shop");
        var bench = CgroupScope.ForState("/work/main/.shop/bench");

        Assert.StartsWith("work_main_.shop-", shop.Name, StringComparison.Ordinal);
        Assert.NotEqual(shop, bench);
        Assert.Equal(shop, CgroupScope.ForState("/work/main/.shop/"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("-x")]
    public void Named_NotOnePathSegment_IsRefused(string name)
    {
        Assert.Throws<TopologyException>(() => CgroupScope.Named(name));
    }
}

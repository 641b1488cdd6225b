using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Shop.Reporting.Projections;

namespace Shop.Reporting.Persistence;

// Strings that come from other modules' events (buyer ids, product names, cancel reasons) are unbounded text: a value
// longer than some guessed limit must not turn an event into a poison message that stops the reports.
// Money aggregates are numeric(18,2): cents, with room for sums far beyond any single order's numeric(14,2).

internal sealed class ReportedOrderConfiguration : IEntityTypeConfiguration<ReportedOrder>
{
    public void Configure(EntityTypeBuilder<ReportedOrder> builder)
    {
        builder.ToTable(ReportingSchema.Orders.Table);
        builder.HasKey(o => o.OrderId).HasName("pk_orders");
        builder.Property(o => o.OrderId).HasColumnName("order_id").ValueGeneratedNever();
        builder.Property(o => o.BuyerId).HasColumnName("buyer_id");
        builder.Property(o => o.Status).HasColumnName("status").HasMaxLength(16);
        builder.Property(o => o.CancelReason).HasColumnName("cancel_reason");
        builder.Property(o => o.Total).HasColumnName("total").HasPrecision(18, 2);
        builder.Property(o => o.Items).HasColumnName("items");
        builder.Property(o => o.SubmittedAt).HasColumnName("submitted_at");
        builder.Property(o => o.CompletedAt).HasColumnName("completed_at");
        builder.Ignore(o => o.IsFinal);
    }
}

internal sealed class ProductSalesConfiguration : IEntityTypeConfiguration<ProductSalesRow>
{
    public void Configure(EntityTypeBuilder<ProductSalesRow> builder)
    {
        builder.ToTable(ReportingSchema.ProductSales.Table);
        builder.HasKey(p => p.ProductId).HasName("pk_product_sales");
        builder.Property(p => p.ProductId).HasColumnName("product_id").ValueGeneratedNever();
        builder.Property(p => p.Name).HasColumnName("name");
        builder.Property(p => p.Quantity).HasColumnName("quantity");
        builder.Property(p => p.Revenue).HasColumnName("revenue").HasPrecision(18, 2);
        builder.Property(p => p.LastSoldAt).HasColumnName("last_sold_at");
    }
}

internal sealed class SalesMinuteConfiguration : IEntityTypeConfiguration<SalesMinuteRow>
{
    public void Configure(EntityTypeBuilder<SalesMinuteRow> builder) =>
        SalesBucketColumns.Configure(builder, ReportingSchema.SalesMinutes.Table);
}

internal sealed class SalesHourConfiguration : IEntityTypeConfiguration<SalesHourRow>
{
    public void Configure(EntityTypeBuilder<SalesHourRow> builder) =>
        SalesBucketColumns.Configure(builder, ReportingSchema.SalesHours.Table);
}

internal static class SalesBucketColumns
{
    public static void Configure<TRow>(EntityTypeBuilder<TRow> builder, string table)
        where TRow : SalesBucketRow
    {
        builder.ToTable(table);
        builder.HasKey(b => b.BucketStart).HasName("pk_" + table);
        builder.Property(b => b.BucketStart).HasColumnName("bucket_start").ValueGeneratedNever();
        builder.Property(b => b.Orders).HasColumnName("orders");
        builder.Property(b => b.Items).HasColumnName("items");
        builder.Property(b => b.Revenue).HasColumnName("revenue").HasPrecision(18, 2);
    }
}

internal sealed class OrderStatusCountConfiguration : IEntityTypeConfiguration<OrderStatusCountRow>
{
    public void Configure(EntityTypeBuilder<OrderStatusCountRow> builder)
    {
        builder.ToTable(ReportingSchema.OrderStatusCounts.Table);
        builder.HasKey(c => new { c.Status, c.CancelReason }).HasName("pk_order_status_counts");
        builder.Property(c => c.Status).HasColumnName("status").HasMaxLength(16);
        builder.Property(c => c.CancelReason).HasColumnName("cancel_reason");
        builder.Property(c => c.Orders).HasColumnName("orders");
        builder.Property(c => c.Items).HasColumnName("items");
        builder.Property(c => c.Amount).HasColumnName("amount").HasPrecision(18, 2);
    }
}

internal sealed class FunnelBuyerConfiguration : IEntityTypeConfiguration<FunnelBuyerRow>
{
    public void Configure(EntityTypeBuilder<FunnelBuyerRow> builder)
    {
        builder.ToTable(ReportingSchema.FunnelBuyers.Table);
        builder.HasKey(b => b.BuyerId).HasName("pk_funnel_buyers");
        builder.Property(b => b.BuyerId).HasColumnName("buyer_id");
        builder.Property(b => b.FirstCartedAt).HasColumnName("first_carted_at");
        builder.Property(b => b.FirstCheckoutAt).HasColumnName("first_checkout_at");
        builder.Property(b => b.FirstConfirmedAt).HasColumnName("first_confirmed_at");
    }
}

internal sealed class RollupStateConfiguration : IEntityTypeConfiguration<RollupStateRow>
{
    public void Configure(EntityTypeBuilder<RollupStateRow> builder)
    {
        builder.ToTable(ReportingSchema.RollupState.Table, table =>
            table.HasCheckConstraint("ck_rollup_state_single_row", $"id = {RollupStateRow.SingletonId}"));
        builder.HasKey(s => s.Id).HasName("pk_rollup_state");
        builder.Property(s => s.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(s => s.MinutesCompactedBefore).HasColumnName("minutes_compacted_before");
        builder.Property(s => s.LastRunAt).HasColumnName("last_run_at");
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Shop.Order.Domain;
using Columns = Shop.Order.Persistence.OrderSchema.Orders;

namespace Shop.Order.Persistence;

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Domain.Order>
{
    public void Configure(EntityTypeBuilder<Domain.Order> builder)
    {
        builder.ToTable(Columns.Table, table =>
        {
            table.HasCheckConstraint("ck_orders_total_positive", $"{Columns.Total} > 0");
            table.HasCheckConstraint(
                "ck_orders_cancel_reason",
                $"({Columns.State} = '{nameof(OrderState.Cancelled)}') = ({Columns.CancelReason} IS NOT NULL)");
        });
        builder.HasKey(o => o.Id).HasName(Columns.PrimaryKey);
        builder.Property(o => o.Id).HasColumnName(Columns.Id).ValueGeneratedNever();
        builder.Property(o => o.BuyerId).HasColumnName(Columns.BuyerId).HasMaxLength(Domain.Order.MaxBuyerIdLength);
        builder.Property(o => o.IdempotencyKey).HasColumnName(Columns.IdempotencyKey).HasMaxLength(Domain.Order.MaxIdempotencyKeyLength);
        // Up to 100 lines of up to 100 units at up to 1,000,000 each: 10^10, so 12 digits before the point.
        builder.Property(o => o.Total).HasColumnName(Columns.Total).HasPrecision(14, OrderItem.PriceDecimals);
        builder.Property(o => o.State).HasColumnName(Columns.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(o => o.CancelReason).HasColumnName(Columns.CancelReason).HasMaxLength(Domain.Order.MaxCancelReasonLength);
        builder.Property(o => o.CreatedAt).HasColumnName(Columns.CreatedAt);
        builder.Property(o => o.UpdatedAt).HasColumnName(Columns.UpdatedAt);
        builder.Property(o => o.Version).IsRowVersion();

        // Lines never change after checkout and are always read with their order: one jsonb column, no join. EF maps
        // the backing list, since a complex collection must be an IList and the domain exposes a read-only view.
        builder.Ignore(o => o.Lines);
        builder.ComplexCollection<List<OrderItem>, OrderItem>(Domain.Order.LinesField, lines =>
        {
            lines.ToJson(Columns.Lines);
            lines.Property(l => l.ProductId).HasJsonPropertyName("productId");
            lines.Property(l => l.Name).HasJsonPropertyName("name");
            lines.Property(l => l.UnitPrice).HasJsonPropertyName("unitPrice");
            lines.Property(l => l.Quantity).HasJsonPropertyName("quantity");
            lines.Ignore(l => l.LineTotal);
        });

        // The idempotency guarantee: one order per buyer and checkout key, whatever the callers race.
        builder.HasIndex(o => new { o.BuyerId, o.IdempotencyKey }, Columns.BuyerIdempotencyKeyIndex).IsUnique();
        // A buyer's order list, newest first.
        builder.HasIndex(o => new { o.BuyerId, o.CreatedAt, o.Id }, Columns.BuyerCreatedAtIndex).IsDescending(false, true, true);
    }
}

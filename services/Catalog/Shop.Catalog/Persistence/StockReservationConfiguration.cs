using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Shop.Catalog.Domain;
using Columns = Shop.Catalog.Persistence.CatalogSchema.StockReservations;

namespace Shop.Catalog.Persistence;

internal sealed class StockReservationConfiguration : IEntityTypeConfiguration<StockReservation>
{
    public void Configure(EntityTypeBuilder<StockReservation> builder)
    {
        builder.ToTable(Columns.Table, table =>
            table.HasCheckConstraint("ck_stock_reservations_quantity_positive", $"{Columns.Quantity} > 0"));
        // One row per product and order: the key itself stops two concurrent reservations of one order from both
        // committing, whatever the application code does.
        builder.HasKey(r => new { r.OrderId, r.ProductId }).HasName("pk_stock_reservations");
        builder.Property(r => r.OrderId).HasColumnName(Columns.OrderId).ValueGeneratedNever();
        builder.Property(r => r.ProductId).HasColumnName(Columns.ProductId).ValueGeneratedNever();
        builder.Property(r => r.Quantity).HasColumnName(Columns.Quantity);
        builder.Property(r => r.ReservedAt).HasColumnName(Columns.ReservedAt);
        builder.Property(r => r.ReleasedAt).HasColumnName(Columns.ReleasedAt);
        builder.Ignore(r => r.IsReleased);

        // Products are never deleted while units are reserved for them; the index also answers "what is reserved of X".
        builder.HasOne<Product>()
            .WithMany()
            .HasForeignKey(r => r.ProductId)
            .HasConstraintName("fk_stock_reservations_products_product_id")
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => r.ProductId, "ix_stock_reservations_product_id");
    }
}

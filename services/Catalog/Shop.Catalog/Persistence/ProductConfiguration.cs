using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Shop.Catalog.Domain;
using Columns = Shop.Catalog.Persistence.CatalogSchema.Products;

namespace Shop.Catalog.Persistence;

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> builder)
    {
        builder.ToTable(Columns.Table, table =>
        {
            table.HasCheckConstraint("ck_products_price_positive", $"{Columns.Price} > 0");
            table.HasCheckConstraint("ck_products_stock_non_negative", $"{Columns.Stock} >= 0");
        });
        builder.HasKey(p => p.Id).HasName("pk_products");
        builder.Property(p => p.Id).HasColumnName(Columns.Id).ValueGeneratedNever();
        builder.Property(p => p.Sku).HasColumnName(Columns.Sku).HasMaxLength(Product.MaxSkuLength);
        // Listings sort by name; the "C" collation makes that order the same on every server, whatever locale its
        // cluster was created with, so paging is stable across environments and the (name, id) index serves it.
        builder.Property(p => p.Name).HasColumnName(Columns.Name).HasMaxLength(Product.MaxNameLength).UseCollation("C");
        builder.Property(p => p.Description).HasColumnName(Columns.Description).HasMaxLength(Product.MaxDescriptionLength);
        builder.Property(p => p.CategoryId).HasColumnName(Columns.CategoryId);
        builder.Property(p => p.Price).HasColumnName(Columns.Price).HasPrecision(10, Product.PriceDecimals);
        builder.Property(p => p.Stock).HasColumnName(Columns.Stock);
        builder.Property(p => p.UpdatedAt).HasColumnName(Columns.UpdatedAt);
        builder.Property(p => p.Version).IsRowVersion();

        // Deleting a category leaves its products in the catalog, uncategorised, rather than deleting them.
        builder.HasOne(p => p.Category)
            .WithMany()
            .HasForeignKey(p => p.CategoryId)
            .HasConstraintName("fk_products_categories_category_id")
            .OnDelete(DeleteBehavior.SetNull);

        builder.HasIndex(p => p.Sku, "ux_products_sku").IsUnique();

        // Listings are ordered by (name, id); these serve that order with and without a category filter.
        builder.HasIndex(p => new { p.Name, p.Id }, "ix_products_name_id");
        builder.HasIndex(p => new { p.CategoryId, p.Name, p.Id }, "ix_products_category_id_name_id");

        builder.HasIndex(p => p.Name, "ix_products_name_trgm").HasMethod("gin").HasOperators("gin_trgm_ops");
        builder.HasIndex(p => p.Sku, "ix_products_sku_trgm").HasMethod("gin").HasOperators("gin_trgm_ops");
    }
}

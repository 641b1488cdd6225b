using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Shop.Catalog.Domain;
using Columns = Shop.Catalog.Persistence.CatalogSchema.Categories;

namespace Shop.Catalog.Persistence;

internal sealed class CategoryConfiguration : IEntityTypeConfiguration<Category>
{
    public void Configure(EntityTypeBuilder<Category> builder)
    {
        builder.ToTable(Columns.Table);
        builder.HasKey(c => c.Id).HasName("pk_categories");
        builder.Property(c => c.Id).HasColumnName(Columns.Id).ValueGeneratedNever();
        builder.Property(c => c.Name).HasColumnName(Columns.Name).HasMaxLength(Category.MaxNameLength);
        builder.Property(c => c.Slug).HasColumnName(Columns.Slug).HasMaxLength(Category.MaxSlugLength);
        builder.HasIndex(c => c.Slug, "ux_categories_slug").IsUnique();
    }
}

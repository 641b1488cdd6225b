namespace Shop.Catalog.Domain;

/// <summary>A group of products; its slug is the stable key clients filter by.</summary>
internal sealed class Category
{
    public const int MaxNameLength = 100;
    public const int MaxSlugLength = 100;

    /// <summary>For EF Core: rows it reads were validated when they were written.</summary>
    private Category()
    {
        Name = Slug = string.Empty;
    }

    public Category(Guid id, string name, string slug)
    {
        if (id == Guid.Empty)
        {
            throw new CatalogRuleException("id", "A category needs an id.");
        }
        Id = id;
        Name = RequireText(name, "name", MaxNameLength);
        Slug = IsValidSlug(slug)
            ? slug
            : throw new CatalogRuleException("slug", $"A slug is 1 to {MaxSlugLength} lowercase letters, digits and single hyphens.");
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; }

    public string Slug { get; private set; }

    /// <summary>Slugs appear in URLs and cache keys, so they are restricted to a safe, canonical form.</summary>
    public static bool IsValidSlug(string? slug) =>
        !string.IsNullOrEmpty(slug)
        && slug.Length <= MaxSlugLength
        && slug[0] != '-'
        && slug[^1] != '-'
        && !slug.Contains("--", StringComparison.Ordinal)
        && slug.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    internal static string RequireText(string? value, string field, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new CatalogRuleException(field, $"The {field} must not be empty.");
        }
        var trimmed = value.Trim();
        return trimmed.Length <= maxLength
            ? trimmed
            : throw new CatalogRuleException(field, $"The {field} must be at most {maxLength} characters long.");
    }
}

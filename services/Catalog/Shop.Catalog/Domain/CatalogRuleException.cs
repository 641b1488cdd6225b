namespace Shop.Catalog.Domain;

/// <summary>
/// A change the catalog's rules forbid (a negative price, a restock that would overflow the stock).
/// Endpoints turn it into a validation problem naming <see cref="Field"/>.
/// </summary>
internal sealed class CatalogRuleException : Exception
{
    public CatalogRuleException(string field, string message)
        : base(message)
    {
        Field = field;
    }

    /// <summary>The request field the rule is about, in the wire's camelCase.</summary>
    public string Field { get; }
}

namespace Shop.Catalog.Seeding;

/// <summary>
/// How seed products of one category are made: a name is one choice from each word list
/// ("Voltix Wireless Headphones, Black"), so every category offers
/// <c>brands × descriptors × nouns × variants</c> distinct names.
/// </summary>
/// <param name="SkuPrefix">Three capital letters that start every SKU of the category.</param>
/// <param name="Name">Display name of the category.</param>
/// <param name="Slug">URL key of the category.</param>
/// <param name="MinPrice">Cheapest price in the category.</param>
/// <param name="MaxPrice">Most expensive price in the category.</param>
/// <param name="MaxStock">Largest stock level a product of this kind plausibly has.</param>
/// <param name="Tagline">Closing sentence of every description in the category.</param>
/// <param name="Brands">First word(s) of a name.</param>
/// <param name="Descriptors">What kind of product it is ("Wireless", "Organic").</param>
/// <param name="Nouns">What the product is.</param>
/// <param name="Variants">Colour, size or pack, after the comma.</param>
internal sealed record CategoryTemplate(
    string SkuPrefix,
    string Name,
    string Slug,
    decimal MinPrice,
    decimal MaxPrice,
    int MaxStock,
    string Tagline,
    string[] Brands,
    string[] Descriptors,
    string[] Nouns,
    string[] Variants)
{
    public int DistinctNames => Brands.Length * Descriptors.Length * Nouns.Length * Variants.Length;
}

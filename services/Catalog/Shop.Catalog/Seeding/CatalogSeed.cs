using Shop.Catalog.Domain;
using Shop.Persistence;

namespace Shop.Catalog.Seeding;

/// <summary>The demo catalog's rows, made from <see cref="SeedCategories"/>.</summary>
internal sealed record CatalogSeedData(IReadOnlyList<Category> Categories, IReadOnlyList<Product> Products);

/// <summary>
/// Makes the demo catalog: 20 categories of 500 products. It is a pure function of its constants, so every
/// machine, test run and replica gets the same ids, SKUs, names, prices and stock levels; load tests and
/// dashboards can name products (<c>ELC-00001</c>) and expect them to exist.
/// </summary>
internal static class CatalogSeed
{
    public const int ProductsPerCategory = 500;

    /// <summary>Seed of the per-category random generators; changing it changes every price and stock level.</summary>
    public const int RandomSeed = 20_240_601;

    /// <summary>Namespace of the name-based ids: products are named <c>product:&lt;sku&gt;</c>, categories <c>category:&lt;slug&gt;</c>.</summary>
    public static readonly Guid IdNamespace = new("6f1c2a3e-8b0d-4e57-9a41-d2c35b7e9f10");

    public static int ProductCount => SeedCategories.All.Count * ProductsPerCategory;

    public static Guid CategoryId(string slug) => NameBasedGuid.Create(IdNamespace, "category:" + slug);

    public static Guid ProductId(string sku) => NameBasedGuid.Create(IdNamespace, "product:" + sku);

    public static string Sku(string skuPrefix, int number) => $"{skuPrefix}-{number:D5}";

    /// <param name="updatedAt">Stamped on every product; the only value that is not derived from the constants.</param>
    public static CatalogSeedData Generate(DateTimeOffset updatedAt)
    {
        var categories = new List<Category>(SeedCategories.All.Count);
        var products = new List<Product>(ProductCount);
        for (var index = 0; index < SeedCategories.All.Count; index++)
        {
            var template = SeedCategories.All[index];
            var category = new Category(CategoryId(template.Slug), template.Name, template.Slug);
            categories.Add(category);

            // One generator per category: editing one category's words leaves every other category's products as they were.
            var random = new Random(RandomSeed + index);
            var names = ShuffledNameChoices(template, random);
            for (var number = 1; number <= ProductsPerCategory; number++)
            {
                var (brand, descriptor, noun, variant) = names[number - 1];
                var sku = Sku(template.SkuPrefix, number);
                products.Add(new Product(
                    ProductId(sku),
                    sku,
                    $"{brand} {descriptor} {noun}, {variant}",
                    $"{brand} {descriptor} {noun} ({variant}). {template.Tagline}",
                    category.Id,
                    NextPrice(template, random),
                    NextStock(template, random),
                    updatedAt));
            }
        }
        return new CatalogSeedData(categories, products);
    }

    /// <summary>Every combination of the template's words, in an order fixed by the seed, so no name repeats in a category.</summary>
    private static (string Brand, string Descriptor, string Noun, string Variant)[] ShuffledNameChoices(CategoryTemplate template, Random random)
    {
        if (template.DistinctNames < ProductsPerCategory)
        {
            throw new InvalidOperationException(
                $"Category {template.Slug} can name only {template.DistinctNames} products; it needs {ProductsPerCategory}.");
        }
        var choices = (
            from brand in template.Brands
            from descriptor in template.Descriptors
            from noun in template.Nouns
            from variant in template.Variants
            select (brand, descriptor, noun, variant)).ToArray();

        // Fisher-Yates written out rather than Random.Shuffle, whose exact sequence the runtime does not promise to keep.
        for (var i = choices.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (choices[i], choices[j]) = (choices[j], choices[i]);
        }
        return choices;
    }

    /// <summary>
    /// Skewed towards the cheap end, as real assortments are, and ending in .99 or .49. Only IEEE additions and
    /// multiplications are used, which give the same result on every platform (Math.Log and Math.Exp may not).
    /// </summary>
    private static decimal NextPrice(CategoryTemplate template, Random random)
    {
        var u = random.NextDouble();
        var min = (double)template.MinPrice;
        var max = (double)template.MaxPrice;
        var raw = min + ((max - min) * u * u);
        var price = decimal.Floor((decimal)raw) + (random.Next(4) == 0 ? 0.49m : 0.99m);
        return price < template.MaxPrice ? price : template.MaxPrice - 0.01m;
    }

    /// <summary>About one product in twenty is sold out; the rest spread up to the category's maximum.</summary>
    private static int NextStock(CategoryTemplate template, Random random) =>
        random.Next(20) == 0 ? 0 : random.Next(1, template.MaxStock + 1);
}

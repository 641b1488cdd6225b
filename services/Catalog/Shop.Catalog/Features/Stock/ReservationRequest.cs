using Shop.Catalog.Contracts.Messages;
using Shop.Catalog.Domain;

namespace Shop.Catalog.Features.Stock;

/// <summary>
/// A <see cref="ReserveStock"/> command's items made fit to lock: one line per product (duplicate lines merged) in
/// <see cref="LockOrder"/>, and the lines that can never be reserved set apart.
/// </summary>
/// <param name="Lines">Valid lines, one per product, sorted by product id.</param>
/// <param name="InvalidProductIds">Products whose lines ask for no units, fewer than none, or more than any stock can hold.</param>
/// <param name="Problem">Why the command as a whole cannot be reserved, or <see langword="null"/> when it can be tried.</param>
internal sealed record ReservationRequest(IReadOnlyList<StockItem> Lines, IReadOnlyList<Guid> InvalidProductIds, string? Problem)
{
    /// <summary>
    /// The one order in which every writer that changes several products' stock in one transaction updates them. Two
    /// transactions that lock rows in the same order can wait for each other but never deadlock; any total order
    /// works, as long as reserve and release share it.
    /// </summary>
    public static IComparer<Guid> LockOrder { get; } = Comparer<Guid>.Default;

    public bool CanBeTried => Problem is null;

    public static ReservationRequest From(IReadOnlyList<StockItem>? items)
    {
        if (items is null || items.Count == 0)
        {
            return new ReservationRequest([], [], "it has no items");
        }
        if (items.Any(item => item is null))
        {
            return new ReservationRequest([], [], "an item is null");
        }

        var lines = new List<StockItem>();
        var invalid = new List<Guid>();
        foreach (var product in items.GroupBy(item => item.ProductId).OrderBy(group => group.Key, LockOrder))
        {
            // Summed as long: two lines of int.MaxValue must not wrap around to a small, reservable number.
            var quantity = product.Sum(item => (long)item.Quantity);
            // No product ever holds more than MaxStock units, so a larger sum is unavailable whatever the stock is.
            if (product.Any(item => item.Quantity <= 0) || quantity > Product.MaxStock)
            {
                invalid.Add(product.Key);
            }
            else
            {
                lines.Add(new StockItem(product.Key, (int)quantity));
            }
        }
        return invalid.Count == 0
            ? new ReservationRequest(lines, [], null)
            : new ReservationRequest(lines, invalid, "quantities must be between 1 and " + Product.MaxStock);
    }
}

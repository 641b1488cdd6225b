namespace Shop.Order.Contracts;

/// <summary>An order as the buyer sees it at <c>GET /api/orders/{id}</c>.</summary>
/// <param name="Id">The order.</param>
/// <param name="Status">One of <see cref="OrderStatuses"/>.</param>
/// <param name="Items">The order lines.</param>
/// <param name="Total">Sum of the lines.</param>
/// <param name="Reason">Why it was cancelled, when it was.</param>
/// <param name="CreatedAt">When the order was accepted.</param>
/// <param name="UpdatedAt">When its status last changed.</param>
public sealed record OrderView(Guid Id, string Status, IReadOnlyList<OrderLine> Items, decimal Total, string? Reason, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>A page of the buyer's orders, newest first.</summary>
/// <param name="Items">Orders on this page.</param>
/// <param name="Page">1-based page number.</param>
/// <param name="PageSize">Orders per page.</param>
/// <param name="Total">Orders of the buyer in all.</param>
public sealed record OrderPage(IReadOnlyList<OrderView> Items, int Page, int PageSize, int Total);

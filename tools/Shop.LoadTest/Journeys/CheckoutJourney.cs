using System.Net;
using Shop.LoadTest.Engine;
using Shop.LoadTest.Scenarios;

namespace Shop.LoadTest.Journeys;

/// <summary>
/// A buyer who signs in, empties the cart, fills it with 1 to <c>maxLines</c> products (the first one hot with the
/// scenario's probability), checks out with a fresh Idempotency-Key and then reads the order's status a bounded
/// number of times until it is Confirmed or Cancelled. A 409 on checkout is a refused order (a stock-out), an
/// expected outcome; so is an order cancelled as out of stock.
/// </summary>
public sealed class CheckoutJourney(ShopJourneyKit kit) : IJourney
{
    public string Name => JourneyNames.Checkout;

    public async ValueTask RunAsync(JourneyContext context)
    {
        var buyer = kit.Buyers.Lease();
        try
        {
            if (!await kit.SignInAsync(context, buyer) || context.StopRequested)
            {
                return;
            }
            // The buyer's cart may hold an abandoned cart's lines or those of a cancelled order: start from empty.
            var cleared = await context.SendAsync(kit.CartClear, ShopJourneyKit.Authorized(HttpMethod.Delete, kit.Routes.Cart, buyer));
            if (cleared.IsError || context.StopRequested)
            {
                return;
            }
            var lines = PickLines(context);
            if (!await kit.ViewProductAsync(context, lines[0]) || context.StopRequested)
            {
                return;
            }
            foreach (var product in lines)
            {
                var quantity = kit.Catalog.Hot.Contains(product) ? 1 : 1 + context.NextInt(2);
                if (!await kit.AddToCartAsync(context, buyer, product, quantity) || context.StopRequested)
                {
                    return;
                }
            }
            var orderId = await CheckOutAsync(context, buyer);
            if (orderId is { } id)
            {
                await FollowOrderAsync(context, buyer, id);
            }
        }
        finally
        {
            kit.Buyers.Return(buyer);
        }
    }

    private List<CatalogProduct> PickLines(JourneyContext context)
    {
        var count = 1 + context.NextInt(kit.Checkout.MaxLines);
        var lines = new List<CatalogProduct>(count);
        if (context.NextDouble() < kit.HotShare)
        {
            lines.Add(kit.Catalog.Hot[context.NextInt(kit.Catalog.Hot.Count)]);
        }
        for (var attempt = 0; lines.Count < count && attempt < count * 4; attempt++)
        {
            var product = kit.AnyPurchasable(context);
            if (!lines.Contains(product))
            {
                lines.Add(product);
            }
        }
        return lines;
    }

    private async ValueTask<Guid?> CheckOutAsync(JourneyContext context, Buyer buyer)
    {
        var request = ShopJourneyKit.Authorized(HttpMethod.Post, kit.Routes.Checkout, buyer);
        request.Headers.TryAddWithoutValidation("Idempotency-Key", context.NextGuid().ToString("D"));
        var response = await context.SendAsync(kit.CheckoutStep, request, ResponseBody.Read, alsoExpected: (int)HttpStatusCode.Conflict);
        if (response.StatusCode == (int)HttpStatusCode.Conflict)
        {
            kit.Orders.CheckoutRefused();
            return null;
        }
        if (!response.IsSuccess)
        {
            return null;
        }
        var orderId = ShopJson.Parse<ShopJson.CheckoutAnswer>(response.Body).OrderId;
        kit.Orders.CheckoutAccepted(orderId);
        return orderId;
    }

    private async ValueTask FollowOrderAsync(JourneyContext context, Buyer buyer, Guid orderId)
    {
        var address = kit.Routes.Order(orderId);
        for (var poll = 0; poll < kit.Checkout.StatusPolls && !context.StopRequested; poll++)
        {
            await context.PauseAsync(kit.Checkout.StatusPollInterval);
            var response = await context.SendAsync(kit.OrderStatus, ShopJourneyKit.Authorized(HttpMethod.Get, address, buyer), ResponseBody.Read);
            if (response.IsError)
            {
                return;
            }
            var order = ShopJson.Parse<ShopJson.OrderAnswer>(response.Body);
            switch (order.Status)
            {
                case "Confirmed":
                    kit.Orders.OrderConfirmed();
                    return;
                case "Cancelled":
                    kit.Orders.OrderCancelled(order.Reason);
                    return;
                default:
                    break;
            }
        }
        kit.Orders.OrderStillPending();
    }
}

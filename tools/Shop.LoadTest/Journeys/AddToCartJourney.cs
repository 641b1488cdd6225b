using Shop.LoadTest.Engine;
using Shop.LoadTest.Scenarios;

namespace Shop.LoadTest.Journeys;

/// <summary>
/// A buyer who signs in, views a product, puts it (and half of the time a second one) in the cart, looks at the
/// cart and leaves: the abandoned carts of a sale. The lines stay; the buyer's next checkout journey empties them.
/// </summary>
public sealed class AddToCartJourney(ShopJourneyKit kit) : IJourney
{
    public string Name => JourneyNames.AddToCart;

    public async ValueTask RunAsync(JourneyContext context)
    {
        var buyer = kit.Buyers.Lease();
        try
        {
            if (!await kit.SignInAsync(context, buyer) || context.StopRequested)
            {
                return;
            }
            var product = kit.AnyPurchasable(context);
            if (!await kit.ViewProductAsync(context, product) || context.StopRequested)
            {
                return;
            }
            if (!await kit.AddToCartAsync(context, buyer, product, 1 + context.NextInt(2)) || context.StopRequested)
            {
                return;
            }
            if (context.NextDouble() < 0.5 && (!await kit.AddToCartAsync(context, buyer, kit.AnyPurchasable(context), 1) || context.StopRequested))
            {
                return;
            }
            await context.SendAsync(kit.CartView, ShopJourneyKit.Authorized(HttpMethod.Get, kit.Routes.Cart, buyer));
        }
        finally
        {
            kit.Buyers.Return(buyer);
        }
    }
}

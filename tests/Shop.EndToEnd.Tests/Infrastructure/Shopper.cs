using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Shop.EndToEnd.Tests.Infrastructure;

/// <summary>One buyer using the public API through the gateway, as a browser or the load generator would.</summary>
public sealed class Shopper : IDisposable
{
    private readonly HttpClient _client;

    private Shopper(HttpClient client, string buyerId)
    {
        _client = client;
        BuyerId = buyerId;
    }

    public string BuyerId { get; }

    public HttpClient Client => _client;

    public static async Task<Shopper> SignInAsync(ShopDeployment deployment, string buyerId)
    {
        var client = deployment.CreateGatewayClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await deployment.TokenAsync(buyerId));
        return new Shopper(client, buyerId);
    }

    /// <summary>
    /// Sets a cart line, an idempotent PUT. A 503 says "try again" (the catalog did not answer in time under load;
    /// nothing changed) and a 502 or a dropped connection that the process behind the gateway is restarting, so both are
    /// retried, after Retry-After when given, as a browser or the load generator would, for up to a minute.
    /// </summary>
    public async Task SetQuantityAsync(Guid productId, int quantity)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            HttpResponseMessage response;
            try
            {
                response = await _client.PutAsJsonAsync($"api/cart/items/{productId}", new { quantity });
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500));
                continue;
            }
            using (response)
            {
                if (response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromMilliseconds(500));
                    continue;
                }
                Assert.True(response.IsSuccessStatusCode, $"PUT cart item: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                return;
            }
        }
    }

    /// <summary>Lines in the cart; a restarting cart service counts as not empty yet.</summary>
    public async Task<int> CartItemCountAsync()
    {
        try
        {
            using var response = await _client.GetAsync("api/cart");
            return response.IsSuccessStatusCode
                ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").GetArrayLength()
                : -1;
        }
        catch (HttpRequestException)
        {
            return -1;
        }
    }

    public async Task<HttpResponseMessage> CheckoutAsync(string idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/cart/checkout");
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await _client.SendAsync(request);
    }

    /// <summary>
    /// Checks out, retrying with the same key while a dependency is down (503 or a dropped connection), the way a
    /// well-behaved client does; returns the order id once the checkout is accepted.
    /// </summary>
    public async Task<Guid> CheckoutUntilAcceptedAsync(string idempotencyKey, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = "no attempt";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await CheckoutAsync(idempotencyKey);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetGuid();
                }
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                Assert.True((int)response.StatusCode >= 500, $"checkout refused: {last}");
            }
            catch (HttpRequestException ex)
            {
                last = ex.Message;
            }
            await Task.Delay(500);
        }
        throw new TimeoutException($"checkout {idempotencyKey} of {BuyerId} not accepted within {timeout}: {last}");
    }

    public async Task<JsonElement> OrderAsync(Guid orderId) =>
        await _client.GetFromJsonAsync<JsonElement>($"api/orders/{orderId}");

    /// <summary>Polls the order until it is Confirmed or Cancelled.</summary>
    public async Task<JsonElement> WaitForFinalStatusAsync(Guid orderId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        JsonElement order = default;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                order = await OrderAsync(orderId);
                if (order.GetProperty("status").GetString() is "Confirmed" or "Cancelled")
                {
                    return order;
                }
            }
            catch (HttpRequestException)
            {
                // The order service may be restarting; the order must still reach a final state.
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"order {orderId} still {(order.ValueKind == JsonValueKind.Undefined ? "unknown" : order.GetProperty("status").GetString())} after {timeout}");
    }

    public async Task<int> OrderCountAsync()
    {
        var page = await _client.GetFromJsonAsync<JsonElement>("api/orders?pageSize=100");
        return page.GetProperty("total").GetInt32();
    }

    public void Dispose() => _client.Dispose();
}

using Shop.Cart;
using Shop.Messaging;
using Shop.ServiceDefaults;
using Shop.ServiceDefaults.Commands;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddCartModule();
builder.AddShopMessaging();

var app = builder.Build();
app.UseServiceDefaults();
app.MapCartModule();

return await app.RunShopHostAsync(args);

using Shop.Messaging;
using Shop.Order;
using Shop.ServiceDefaults;
using Shop.ServiceDefaults.Commands;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddOrderModule();
builder.AddShopMessaging();

var app = builder.Build();
app.UseServiceDefaults();
app.MapOrderModule();

return await app.RunShopHostAsync(args);

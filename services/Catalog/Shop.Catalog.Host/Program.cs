using Shop.Catalog;
using Shop.Messaging;
using Shop.ServiceDefaults;
using Shop.ServiceDefaults.Commands;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddCatalogModule();
builder.AddShopMessaging();

var app = builder.Build();
app.UseServiceDefaults();
app.MapCatalogModule();

return await app.RunShopHostAsync(args);

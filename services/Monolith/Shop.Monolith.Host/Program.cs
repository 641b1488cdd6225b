using Shop.Cart;
using Shop.Catalog;
using Shop.Messaging;
using Shop.Monolith.Host;
using Shop.Order;
using Shop.Reporting;
using Shop.ServiceDefaults;
using Shop.ServiceDefaults.Commands;

var builder = WebApplication.CreateBuilder(args);
builder.UseOneDatabaseForAllModules();
builder.AddServiceDefaults();
builder.AddCatalogModule();
builder.AddCartModule();
builder.AddOrderModule();
builder.AddReportingModule();
builder.AddShopMessaging();

var app = builder.Build();
app.UseServiceDefaults();
app.MapCatalogModule();
app.MapCartModule();
app.MapOrderModule();
app.MapReportingModule();

return await app.RunShopHostAsync(args);

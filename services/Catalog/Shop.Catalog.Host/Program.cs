using Shop.Catalog;
using Shop.ServiceDefaults;
using Shop.ServiceDefaults.Commands;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddCatalogModule();

var app = builder.Build();
app.UseServiceDefaults();
app.MapCatalogModule();

return await app.RunShopHostAsync(args);

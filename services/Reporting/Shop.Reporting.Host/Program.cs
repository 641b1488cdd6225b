using Shop.Messaging;
using Shop.Reporting;
using Shop.ServiceDefaults;
using Shop.ServiceDefaults.Commands;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddReportingModule();
builder.AddShopMessaging();

var app = builder.Build();
app.UseServiceDefaults();
app.MapReportingModule();

return await app.RunShopHostAsync(args);

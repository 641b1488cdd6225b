using Shop.Gateway;
using Shop.ServiceDefaults.Commands;

var app = GatewayApplication.Build(args);
return await app.RunShopHostAsync(args);

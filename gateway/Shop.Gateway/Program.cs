using Shop.Gateway;
using Shop.ServiceDefaults.Commands;

await using var app = GatewayApplication.Build(args);
return await app.RunShopHostAsync(args);

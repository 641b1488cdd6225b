// Plain Kestrel, no middleware: what the gateway and the services are measured against.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
app.MapGet("/plain", () => Results.Text("{\"ok\":true}", "application/json"));
app.MapGet("/health/ready", () => Results.Text("{\"status\":\"Healthy\"}", "application/json"));
await app.RunAsync();

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Shop.Reporting.Persistence;

/// <summary>
/// Lets <c>dotnet ef</c> build the context without starting a host. Adding a migration never connects; commands
/// that do (database update, script with idempotency checks) use <c>ConnectionStrings__Reporting</c> when set.
/// </summary>
internal sealed class DesignTimeReportingDbContextFactory : IDesignTimeDbContextFactory<ReportingDbContext>
{
    private const string LocalDevelopmentDatabase = "Host=127.0.0.1;Port=15432;Database=shop_reporting;Username=shop;Password=shop";

    public ReportingDbContext CreateDbContext(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Reporting") ?? LocalDevelopmentDatabase;
        var options = new DbContextOptionsBuilder<ReportingDbContext>();
        ReportingDbContext.Configure(options, connectionString);
        return new ReportingDbContext(options.Options);
    }
}

using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsIntranet.Core.Calendar;
using OpsIntranet.Demo;
using OpsIntranet.Core.Metrics;
using OpsIntranet.Core.Units;
using OpsIntranet.Tests.Infrastructure;

namespace OpsIntranet.Tests.Core;

public class DatabaseTests
{
    [Fact]
    public async Task Migrate_EmptyDatabase_AppliesEveryMigration()
    {
        var cs = await TestDatabases.CreateBlankAsync();
        try
        {
            await using var db = TestDatabases.CreateDbContext(cs);
            await db.Database.MigrateAsync();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
            Assert.Equal(0, await db.Units.CountAsync());
        }
        finally { await TestDatabases.DropAsync(cs); }
    }

    [Fact]
    public async Task DemoData_LoadsOnceAndIsIdempotent()
    {
        var cs = await TestDatabases.CreateEmptyAsync();
        try
        {
            await using (var factory = new OpsWebFactory(cs, loadDemoData: true)) _ = factory.Server;
            var before = await CountsAsync(cs);
            Assert.Equal(9, before.Units);

            // A second start with the flag, and a direct call, change nothing.
            await using (var factory = new OpsWebFactory(cs, loadDemoData: true))
            {
                using var scope = factory.Services.CreateScope();
                Assert.Equal(DemoSeedResult.AlreadyLoaded, await scope.ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedAsync());
            }
            Assert.Equal(before, await CountsAsync(cs));
        }
        finally { await TestDatabases.DropAsync(cs); }
    }

    [Fact]
    public async Task DemoData_RefusesADatabaseThatAlreadyHasData()
    {
        var cs = await TestDatabases.CreateEmptyAsync();
        try
        {
            await using (var db = TestDatabases.CreateDbContext(cs))
            {
                db.Units.Add(new Unit { Name = "Meter Reading", Code = "MR" });
                await db.SaveChangesAsync();
            }
            // Started without the demo switch, so the seeder is added here as a host asked to load the demo would have it.
            await using var app = new OpsWebFactory(cs);
            using var scope = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddOpsDemo())).Services.CreateScope();
            Assert.Equal(DemoSeedResult.DatabaseNotEmpty, await scope.ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedAsync());
            await using var check = TestDatabases.CreateDbContext(cs);
            Assert.Equal(1, await check.Units.CountAsync());
            Assert.Equal(0, await check.Employees.CountAsync());
        }
        finally { await TestDatabases.DropAsync(cs); }
    }

    [Fact]
    public async Task DemoData_IsTheBriefsDepartmentWithThreeYearsOfPlausibleHistory()
    {
        var cs = await TestDatabases.CreateDemoAsync();
        try
        {
            await using var db = TestDatabases.CreateDbContext(cs);
            var units = await db.Units.OrderBy(u => u.SortOrder).Select(u => u.Name).ToListAsync();
            Assert.Equal(
                ["Utility Contact Center", "Transportation Contact Center", "Walk-In Unit", "Commercial Utility Services", "Credit and Collections",
                 "Utility Billing and Customer Programs", "Energy Services", "Quality Assurance & Quality Control", "Training"], units);

            var employees = await db.Employees.CountAsync();
            Assert.InRange(employees, 40, 50);
            Assert.True(await db.Employees.AnyAsync(e => !e.IsActive), "someone who left is kept, inactive");
            Assert.Equal(6, await db.Users.CountAsync(u => DemoDataSeeder.DemoAccounts.Select(a => a.Email).Contains(u.Email!)));

            // At least three full fiscal years of months for every unit, up to last month.
            var first = DepartmentCalendar.FiscalYearStart(DepartmentCalendar.FiscalYearOf(TestClock.LastMonth) - 3);
            foreach (var unitId in await db.Units.Select(u => u.Id).ToListAsync())
            {
                var months = await db.MetricSubmissions.Where(s => s.UnitId == unitId).Select(s => s.Month).ToListAsync();
                Assert.Equal(first, months.Min());
                Assert.True(months.Count >= 36, $"unit {unitId} has {months.Count} months");
                Assert.True(months.Max() <= TestClock.LastMonth);
            }

            // Plausible: mostly green, with amber and red months (and red ones explained).
            var values = await db.MetricValues
                .Where(v => v.MetricDefinition!.Direction != MetricDirection.Informational)
                .Select(v => new { v.Value, v.Explanation, v.MetricDefinition!.Direction, v.Submission!.Month, Targets = v.MetricDefinition.Targets.ToList() })
                .ToListAsync();
            var statuses = values.Select(v =>
            {
                var t = v.Targets.Single(x => x.FiscalYear == DepartmentCalendar.FiscalYearOf(v.Month));
                return (Status: StatusRules.Evaluate(v.Direction, v.Value, t.Target, t.Tolerance), v.Explanation);
            }).ToList();
            var share = (MetricStatus s) => statuses.Count(x => x.Status == s) / (double)statuses.Count;
            Assert.InRange(share(MetricStatus.Green), 0.6, 0.95);
            Assert.InRange(share(MetricStatus.Amber), 0.03, 0.3);
            Assert.InRange(share(MetricStatus.Red), 0.01, 0.15);
            Assert.All(statuses.Where(x => x.Status == MetricStatus.Red), x => Assert.False(string.IsNullOrWhiteSpace(x.Explanation)));
        }
        finally { await TestDatabases.DropAsync(cs); }
    }

    [Fact]
    public async Task DemoData_IsDeterministic()
    {
        var a = await TestDatabases.CreateEmptyAsync();
        var b = await TestDatabases.CreateEmptyAsync();
        try
        {
            await using (var f = new OpsWebFactory(a, loadDemoData: true)) _ = f.Server;
            await using (var f = new OpsWebFactory(b, loadDemoData: true)) _ = f.Server;
            Assert.Equal(await FingerprintAsync(a), await FingerprintAsync(b));
        }
        finally
        {
            await TestDatabases.DropAsync(a);
            await TestDatabases.DropAsync(b);
        }
    }

    private sealed record Counts(int Units, int Employees, int Users, int Metrics, int Submissions, int Values);

    private static async Task<Counts> CountsAsync(string cs)
    {
        await using var db = TestDatabases.CreateDbContext(cs);
        return new Counts(await db.Units.CountAsync(), await db.Employees.CountAsync(), await db.Users.CountAsync(),
            await db.MetricDefinitions.CountAsync(), await db.MetricSubmissions.CountAsync(), await db.MetricValues.CountAsync());
    }

    private static async Task<string> FingerprintAsync(string cs)
    {
        await using var db = TestDatabases.CreateDbContext(cs);
        var values = await db.MetricValues.OrderBy(v => v.Submission!.UnitId).ThenBy(v => v.Submission!.Month).ThenBy(v => v.MetricDefinition!.SortOrder)
            .Select(v => v.Value).ToListAsync();
        var people = await db.Employees.OrderBy(e => e.Email).Select(e => e.Email + e.HireDate).ToListAsync();
        return string.Join("|", values) + "#" + string.Join("|", people);
    }
}
